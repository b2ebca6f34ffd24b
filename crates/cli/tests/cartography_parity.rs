//! Schema parity with real Cartography: Cartography (PyPI `cartography`) syncs a seeded moto
//! estate into `cartograph serve --bolt`, `cartograph sync --aws` syncs the same estate into
//! its own database, and the two graphs are compared service by service: node labels and
//! ids, and relationship types between them. What matches today is asserted; the
//! differences that remain are listed in [`KNOWN_DIFFERENCES`] and printed.
//!
//! The estate is the union of the seed scripts of the other moto tests ([`SEEDS`]) and
//! `parity_services.py`, whose proxy closes the gaps of moto that stall or break
//! Cartography (each is answered as AWS would); both tools sync through it.
//!
//! Needs moto (CARTOGRAPH_MOTO_SERVER, CARTOGRAPH_PYTHON) and Cartography
//! (CARTOGRAPH_CARTOGRAPHY, else `.venv-cartography/bin/cartography`), both installed by
//! `./scripts/test`. Without Cartography the test fails, unless
//! CARTOGRAPH_ALLOW_NO_CARTOGRAPHY=1 allows skipping it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cartograph_graph::{Database, GraphDump};
use common::*;

/// Cartography's syncs for what cartograph implements too. `permission_relationships`
/// derives CAN_READ & co. from policies, as cartograph's analysis does. To compare another
/// service, add its key here and to [`CARTOGRAPH_SYNCS`] (cartograph's services beyond
/// the core use Cartography's keys).
///
/// Not compared: `s3accountpublicaccessblock`. S3 Control puts the account id in the host
/// name (`<account>.<endpoint host>`), which does not resolve for a loopback endpoint:
/// Cartography skips the service (EndpointConnectionError), so nothing would be compared.
const SYNCS: &str = "iam,iaminstanceprofiles,s3,ec2:launch_templates,ec2:autoscalinggroup,\
ec2:instance,ec2:images,ec2:keypair,ec2:security_group,ec2:subnet,ec2:network_interface,\
ec2:vpc,ec2:route_table,ec2:vpc_peering,ec2:internet_gateway,ec2:volumes,ec2:snapshots,\
elastic_ip_addresses,ec2:network_acls,ec2:vpc_endpoint,permission_relationships,\
acm:certificate,ec2:load_balancer,ec2:load_balancer_v2,ec2:load_balancer_v2:expose,route53,\
kms,rds,dynamodb,secretsmanager,cloudtrail,lambda_function,ecr,ecs,eks,sqs,sns,cloudwatch,\
ssm,efs,elasticache,redshift,config,apigatewayv2,codebuild,eventbridge,glue,identitycenter";

/// The same services for `cartograph sync --aws-requested-syncs`.
const CARTOGRAPH_SYNCS: &str = "iam,s3,organizations,ec2,acm:certificate,ec2:load_balancer,\
ec2:load_balancer_v2,route53,kms,rds,dynamodb,secretsmanager,cloudtrail,lambda_function,ecr,\
ecs,eks,sqs,sns,cloudwatch,ssm,efs,elasticache,redshift,config,apigatewayv2,codebuild,\
eventbridge,glue,identitycenter";

/// The seed scripts (`tests/moto/`) whose estates are merged, run at the same time; then
/// `parity_services.py`.
const SEEDS: &[&str] = &[
    "seed.py",
    "acm.py",
    "network.py",
    "data.py",
    "compute.py",
    "ops.py",
    "config.py",
    "apigatewayv2.py",
    "codebuild.py",
    "identity.py",
];

/// Each service and the labels that identify its nodes. A node belongs to the first entry
/// whose label it carries, and is named by that label in relationship signatures; other
/// nodes belong to "other", named by their first label in alphabetical order.
const SERVICES: &[(&str, &[&str])] = &[
    (
        "organizations",
        &[
            "AWSOrganization",
            "AWSOrganizationRoot",
            "AWSOrganizationalUnit",
            "AWSAccount",
        ],
    ),
    (
        "iam",
        &[
            "AWSUser",
            "AWSGroup",
            "AWSRole",
            "AWSRootPrincipal",
            "AWSServicePrincipal",
            "AWSPrincipal",
            "AWSPolicy",
            "AWSPolicyStatement",
            "AccountAccessKey",
            "AWSMfaDevice",
            "AWSSAMLProvider",
            "AWSInstanceProfile",
        ],
    ),
    ("s3", &["S3Bucket", "S3Acl", "S3PolicyStatement"]),
    (
        "ec2",
        &[
            "EC2Instance",
            "EC2Reservation",
            "EC2PrivateIp",
            "EC2KeyPair",
            "EC2SecurityGroup",
            "IpPermissionInbound",
            "IpRule",
            "IpRange",
            "EC2Subnet",
            "NetworkInterface",
            "AWSVpc",
            "AWSCidrBlock",
            "AWSInternetGateway",
            "EC2RouteTable",
            "EC2RouteTableAssociation",
            "EC2Route",
            "AWSPeeringConnection",
            "EBSVolume",
            "EBSSnapshot",
            "EC2Image",
            "ElasticIPAddress",
            "LaunchTemplate",
            "LaunchTemplateVersion",
            "AutoScalingGroup",
            "AWSEC2NetworkAcl",
            "AWSEC2NetworkAclRule",
            "AWSVpcEndpoint",
            "AWSRouteTable",
        ],
    ),
    ("acm:certificate", &["AWSACMCertificate"]),
    ("ec2:load_balancer", &["AWSLoadBalancer", "AWSELBListener"]),
    (
        "ec2:load_balancer_v2",
        &[
            "AWSLoadBalancerV2",
            "AWSELBV2Listener",
            "AWSELBV2TargetGroup",
        ],
    ),
    ("route53", &["AWSDNSZone", "AWSDNSRecord", "AWSNameServer"]),
    ("kms", &["AWSKMSKey", "AWSKMSAlias", "AWSKMSGrant"]),
    (
        "rds",
        &[
            "AWSRDSInstance",
            "AWSRDSCluster",
            "AWSRDSSnapshot",
            "AWSDBSubnetGroup",
            "AWSRDSEventSubscription",
        ],
    ),
    (
        "dynamodb",
        &[
            "AWSDynamoDBTable",
            "AWSDynamoDBGlobalSecondaryIndex",
            "AWSDynamoDBStream",
            "AWSDynamoDBBackup",
            "AWSDynamoDBSSEDescription",
            "AWSDynamoDBBillingModeSummary",
            "AWSDynamoDBRestoreSummary",
            "AWSDynamoDBArchivalSummary",
        ],
    ),
    (
        "secretsmanager",
        &["AWSSecretsManagerSecret", "AWSSecretsManagerSecretVersion"],
    ),
    ("cloudtrail", &["AWSCloudTrailTrail"]),
    (
        "lambda_function",
        &[
            "AWSLambda",
            "AWSLambdaFunctionAlias",
            "AWSLambdaEventSourceMapping",
            "AWSLambdaLayer",
        ],
    ),
    (
        "ecr",
        &[
            "AWSECRRepository",
            "AWSECRRepositoryImage",
            "AWSECRImage",
            "AWSECRImageLayer",
        ],
    ),
    (
        "ecs",
        &[
            "AWSECSCluster",
            "AWSECSContainerInstance",
            "AWSECSService",
            "AWSECSTask",
            "AWSECSTaskDefinition",
            "AWSECSContainer",
            "AWSECSContainerDefinition",
        ],
    ),
    ("eks", &["AWSEKSCluster", "AWSEKSAccessEntry"]),
    ("sqs", &["AWSSQSQueue"]),
    ("sns", &["AWSSNSTopic", "AWSSNSTopicSubscription"]),
    (
        "cloudwatch",
        &[
            "AWSCloudWatchLogGroup",
            "AWSCloudWatchLogMetricFilter",
            "AWSCloudWatchMetricAlarm",
        ],
    ),
    (
        "ssm",
        &[
            "AWSSSMParameter",
            "AWSSSMInstanceInformation",
            "AWSSSMInstancePatch",
        ],
    ),
    (
        "efs",
        &["AWSEfsFileSystem", "AWSEfsMountTarget", "AWSEfsAccessPoint"],
    ),
    (
        "elasticache",
        &["AWSElasticacheCluster", "AWSElasticacheTopic"],
    ),
    ("redshift", &["AWSRedshiftCluster"]),
    (
        "config",
        &[
            "AWSConfigurationRecorder",
            "AWSConfigDeliveryChannel",
            "AWSConfigRule",
        ],
    ),
    ("apigatewayv2", &["AWSAPIGatewayV2API"]),
    ("codebuild", &["AWSCodeBuildProject"]),
    (
        "eventbridge",
        &["AWSEventBridgeRule", "AWSEventBridgeTarget"],
    ),
    ("glue", &["AWSGlueConnection", "AWSGlueJob"]),
    (
        "identitycenter",
        &[
            "AWSIdentityCenter",
            "AWSPermissionSet",
            "AWSSSOUser",
            "AWSSSOGroup",
        ],
    ),
];

/// Comparisons (service, then `node LABEL` or `rel FROM-[TYPE]->TO`) known to differ
/// between Cartography 0.143.0 and cartograph today; every other one must be equal.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    // cartograph also maps a rule's IPv6 ranges (::/0) to IpRange; Cartography only IPv4.
    ("ec2", "node AWSIpRange"),
    ("ec2", "node IpRange"),
    ("ec2", "rel AWSAccount-[RESOURCE]->IpRange"),
    (
        "ec2",
        "rel IpRange-[MEMBER_OF_IP_RULE]->IpPermissionInbound",
    ),
    // Cartography links a network ACL to its last associated subnet only (it reuses one
    // record per ACL); cartograph links every associated subnet.
    ("ec2", "rel AWSEC2NetworkAcl-[PART_OF_SUBNET]->EC2Subnet"),
    // moto reports a peering's VPC CIDR in CidrBlock but no CidrBlockSet, which is all
    // Cartography reads; cartograph falls back to CidrBlock.
    (
        "ec2",
        "rel AWSPeeringConnection-[ACCEPTER_CIDR]->AWSCidrBlock",
    ),
    (
        "ec2",
        "rel AWSPeeringConnection-[REQUESTER_CIDR]->AWSCidrBlock",
    ),
    // Cartography gives every account of the organization a root principal, also those it
    // does not sync.
    ("iam", "node AWSPrincipal"),
    ("iam", "node AWSRootPrincipal"),
    ("iam", "rel AWSAccount-[RESOURCE]->AWSRootPrincipal"),
    // Cartography evaluates identity policies against the principal's own account's
    // buckets, without group policies for users or bucket policies; cartograph also
    // does those.
    ("iam", "rel AWSGroup-[CAN_READ]->S3Bucket"),
    ("iam", "rel AWSRole-[CAN_READ]->S3Bucket"),
    ("iam", "rel AWSUser-[CAN_READ]->S3Bucket"),
    // Cartography links a classic load balancer to every security group in the graph named
    // like its source group (`default` in every VPC of every account); cartograph only to
    // the group of that name among the load balancer's own groups.
    (
        "ec2:load_balancer",
        "rel AWSLoadBalancer-[SOURCE_SECURITY_GROUP]->EC2SecurityGroup",
    ),
    // Cartography's id of an RDS event subscription is its name (CustSubscriptionId), which
    // repeats across accounts and regions; cartograph merges on its ARN (and keeps the name
    // in `cust_subscription_id`).
    ("rds", "node AWSRDSEventSubscription"),
    ("rds", "node RDSEventSubscription"),
    ("rds", "rel AWSAccount-[RESOURCE]->AWSRDSEventSubscription"),
    (
        "rds",
        "rel AWSRDSEventSubscription-[MONITORS]->AWSRDSInstance",
    ),
    ("rds", "rel AWSRDSEventSubscription-[NOTIFIES]->AWSSNSTopic"),
    // Cartography finds a permission set's roles by `AWSReservedSSO_<name>` in the ARN, so
    // set `Admin` also takes the roles of set `AdminFull`, and a principal assigned `Admin`
    // may end up ALLOWED_BY the wrong one; cartograph matches `AWSReservedSSO_<name>_`.
    (
        "identitycenter",
        "rel AWSPermissionSet-[ASSIGNED_TO_ROLE]->AWSRole",
    ),
    ("iam", "rel AWSRole-[ALLOWED_BY]->AWSSSOGroup"),
    // Cartography's bookkeeping of what it synced.
    ("other", "node ModuleSyncMetadata"),
    ("other", "node SyncMetadata"),
];

/// A graph reduced to what is compared: per service, the ids of the nodes carrying each
/// label, the (from id, to id) pairs of each relationship signature, and the property
/// names seen per identifying label.
#[derive(Default)]
struct Shape {
    nodes: BTreeMap<(String, String), BTreeSet<String>>,
    rels: BTreeMap<(String, String), BTreeSet<(String, String)>>,
    props: BTreeMap<(String, String), BTreeSet<String>>,
}

/// The identifying label of a node and its service.
fn classify(labels: &[String]) -> (&'static str, String) {
    for (service, names) in SERVICES {
        if let Some(l) = names.iter().find(|n| labels.iter().any(|l| l == *n)) {
            return (service, l.to_string());
        }
    }
    let first = labels.iter().min().cloned().unwrap_or_default();
    ("other", first)
}

fn shape(dump: &GraphDump) -> Shape {
    let mut shape = Shape::default();
    let mut by_id = BTreeMap::new();
    for (node, labels, props) in dump.nodes.iter() {
        let (service, label) = classify(labels);
        let id = props
            .get("id")
            .map(text)
            .unwrap_or_else(|| "<no id>".into());
        for l in labels {
            shape
                .nodes
                .entry((service.into(), format!("node {l}")))
                .or_default()
                .insert(id.clone());
        }
        shape
            .props
            .entry((service.into(), label.clone()))
            .or_default()
            .extend(props.keys().cloned());
        by_id.insert(*node, (service, label, id));
    }
    for (_, kind, from, to, _) in dump.rels.iter() {
        let (Some(a), Some(b)) = (by_id.get(from), by_id.get(to)) else {
            continue;
        };
        // The account's RESOURCE edges belong to the service of what they point at.
        let service = if a.0 == "organizations" { b.0 } else { a.0 };
        shape
            .rels
            .entry((service.into(), format!("rel {}-[{kind}]->{}", a.1, b.1)))
            .or_default()
            .insert((a.2.clone(), b.2.clone()));
    }
    shape
}

fn open(dir: &Path) -> Shape {
    let db = Database::open_read_only(dir).unwrap_or_else(|e| panic!("open {dir:?}: {e}"));
    shape(&db.dump().unwrap_or_else(|e| panic!("dump {dir:?}: {e}")))
}

/// A few members of a set, for the printed report.
fn sample<T: std::fmt::Debug>(set: &BTreeSet<T>) -> String {
    let shown: Vec<_> = set.iter().take(3).collect();
    let more = set.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{shown:?} and {more} more")
    } else {
        format!("{shown:?}")
    }
}

/// One line per difference between `theirs` (Cartography) and `ours`, keyed by
/// (service, comparison).
fn differences<T: Ord + Clone + std::fmt::Debug>(
    theirs: &BTreeMap<(String, String), BTreeSet<T>>,
    ours: &BTreeMap<(String, String), BTreeSet<T>>,
) -> BTreeMap<(String, String), String> {
    let keys: BTreeSet<_> = theirs.keys().chain(ours.keys()).cloned().collect();
    let empty = BTreeSet::new();
    let mut out = BTreeMap::new();
    for key in keys {
        let (t, o) = (
            theirs.get(&key).unwrap_or(&empty),
            ours.get(&key).unwrap_or(&empty),
        );
        if t == o {
            continue;
        }
        let only_t: BTreeSet<_> = t.difference(o).cloned().collect();
        let only_o: BTreeSet<_> = o.difference(t).cloned().collect();
        let mut line = format!("Cartography {} vs ours {}", t.len(), o.len());
        if !only_t.is_empty() {
            line += &format!("; only Cartography: {}", sample(&only_t));
        }
        if !only_o.is_empty() {
            line += &format!("; only ours: {}", sample(&only_o));
        }
        out.insert(key, line);
    }
    out
}

/// The Cartography executable, or None when it is missing and skipping is allowed.
fn cartography() -> Option<PathBuf> {
    let path = std::env::var_os("CARTOGRAPH_CARTOGRAPHY")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".venv-cartography/bin/cartography"));
    if path.exists() {
        return Some(path);
    }
    let allowed = std::env::var("CARTOGRAPH_ALLOW_NO_CARTOGRAPHY").is_ok_and(|v| v == "1");
    assert!(
        allowed,
        "{} not found: run ./scripts/test (it installs Cartography into .venv-cartography), \
         set CARTOGRAPH_CARTOGRAPHY, or set CARTOGRAPH_ALLOW_NO_CARTOGRAPHY=1 to skip this test",
        path.display()
    );
    eprintln!(
        "SKIPPED: Cartography not found at {} (CARTOGRAPH_ALLOW_NO_CARTOGRAPHY=1)",
        path.display()
    );
    None
}

/// `cartograph serve --bolt` on a free loopback port, over the database in `db`, with the
/// password in `password_file`.
fn serve(db: &Path, password_file: &Path) -> (Process, u16) {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_cartograph"))
        .args(["serve", "--bolt", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .arg("--password-file")
        .arg(password_file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start cartograph serve: {e}"));
    (listening(Process(child), port, "cartograph serve"), port)
}

/// Cartography's mapping of IAM actions to CAN_READ & co., shipped in its package; by
/// default it is looked up relative to the working directory.
fn permission_mapping(exe: &Path) -> PathBuf {
    let venv = exe.parent().and_then(Path::parent).unwrap_or(exe);
    let lib = venv.join("lib");
    std::fs::read_dir(&lib)
        .into_iter()
        .flatten()
        .flatten()
        .map(|d| {
            d.path()
                .join("site-packages/cartography/data/permission_relationships.yaml")
        })
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("no permission_relationships.yaml under {}", lib.display()))
}

/// Run Cartography's AWS sync against `endpoint` into the Bolt server at `uri`; returns its
/// log.
fn run_cartography(exe: &Path, home: &Home, endpoint: &str, uri: &str, password: &str) -> String {
    let log = home.dir.path().join("cartography.log");
    let file = std::fs::File::create(&log).unwrap_or_else(|e| panic!("{e}"));
    let mut cmd = Command::new(exe);
    cmd.args(["--neo4j-uri", uri])
        .args(["--neo4j-user", "neo4j"])
        .args([
            "--neo4j-password-env-var",
            "CARTOGRAPHY_TEST_NEO4J_PASSWORD",
        ])
        .args(["--selected-modules", "aws", "--aws-sync-all-profiles"])
        .args(["--aws-regions", &REGIONS.join(",")])
        .args(["--aws-requested-syncs", SYNCS])
        .arg("--permission-relationships-file")
        .arg(permission_mapping(exe))
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap_or_else(|e| panic!("{e}")))
        .stderr(file);
    home.aws_env(&mut cmd, endpoint);
    cmd.env("CARTOGRAPHY_TEST_NEO4J_PASSWORD", password);
    let started = Instant::now();
    let mut child = Process(
        cmd.spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display())),
    );
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap_or_else(|e| panic!("{e}")) {
            break status;
        }
        if started.elapsed() > Duration::from_secs(200) {
            let _ = child.0.kill();
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            panic!("Cartography did not finish in 200 s; its log:\n{text}");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(status.success(), "Cartography failed ({status}):\n{text}");
    println!(
        "Cartography synced in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    text
}

#[test]
fn cartography_and_cartograph_build_the_same_graph_from_moto() {
    let Some(exe) = cartography() else {
        return;
    };
    let moto = Moto::start();
    let started = Instant::now();
    std::thread::scope(|s| {
        for script in SEEDS {
            s.spawn(|| moto.script(script, "seed"));
        }
    });
    moto.script("parity_services.py", "seed");
    println!("seeded in {:.1} s", started.elapsed().as_secs_f64());
    let (_stand_in, stand_in) = moto.serve("ops.py", "stand-in", &[]);
    let (_proxy, endpoint) = moto.serve("parity_services.py", "proxy", &[&stand_in]);
    let home = Home::new();

    let password = "parity-Ω-secret";
    let password_file = home.dir.path().join("bolt-password");
    std::fs::write(&password_file, format!("{password}\n")).unwrap();
    let served_db = home.dir.path().join("cartography-graph");
    let (server, port) = serve(&served_db, &password_file);
    // Twice: Cartography syncs subnets and security groups before VPCs, so on an empty
    // database their VPC relationships only appear in the second run. The second run also
    // exercises its cleanup jobs, which delete in batches until nothing changes, and a
    // routing (neo4j://) connection.
    for scheme in ["bolt", "neo4j"] {
        let uri = format!("{scheme}://127.0.0.1:{port}");
        let log = run_cartography(&exe, &home, &endpoint, &uri, password);
        assert!(
            !log.contains("Neo.ClientError") && !log.contains("Neo.DatabaseError"),
            "Cartography's statements failed on cartograph's Bolt server:\n{log}"
        );
    }
    drop(server);

    let started = Instant::now();
    let only = ["--aws-requested-syncs", CARTOGRAPH_SYNCS];
    assert_ok(&home.sync(&endpoint, 100, &only, &[]), 0);
    println!(
        "cartograph synced in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let (theirs, ours) = (open(&served_db), open(&home.db()));
    for (service, _) in SERVICES {
        for (side, shape) in [("Cartography", &theirs), ("cartograph", &ours)] {
            assert!(
                shape.nodes.keys().any(|(s, _)| s == service),
                "{side} synced no {service} nodes"
            );
        }
    }
    let mut diffs = differences(&theirs.nodes, &ours.nodes);
    diffs.extend(differences(&theirs.rels, &ours.rels));
    let known: BTreeSet<(String, String)> = KNOWN_DIFFERENCES
        .iter()
        .map(|(s, k)| (s.to_string(), k.to_string()))
        .collect();

    let compared: BTreeSet<_> = (theirs.nodes.keys().chain(ours.nodes.keys()))
        .chain(theirs.rels.keys().chain(ours.rels.keys()))
        .collect();
    let mut per_service: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for key in &compared {
        let counts = per_service.entry(key.0.as_str()).or_default();
        counts.1 += 1;
        if !diffs.contains_key(*key) {
            counts.0 += 1;
        }
    }
    for (service, (equal, total)) in &per_service {
        println!("  {service}: {equal} of {total} comparisons equal");
    }
    println!(
        "{} of {} comparisons equal; differences from Cartography, by service:",
        compared.len() - diffs.len(),
        compared.len()
    );
    for ((service, key), line) in &diffs {
        println!("  [{service}] {key}: {line}");
    }
    println!(
        "Property names, by service and label (only Cartography / only ours; without \
         Cartography's `_module_*` and ontology `_ont_*` bookkeeping):"
    );
    let labels: BTreeSet<_> = theirs.props.keys().chain(ours.props.keys()).collect();
    let empty = BTreeSet::new();
    for key in labels {
        let own = |p: &&String| !p.starts_with('_');
        let t: BTreeSet<_> = theirs
            .props
            .get(key)
            .unwrap_or(&empty)
            .iter()
            .filter(own)
            .collect();
        let o: BTreeSet<_> = ours
            .props
            .get(key)
            .unwrap_or(&empty)
            .iter()
            .filter(own)
            .collect();
        if t != o {
            println!(
                "  [{}] {}: {:?} / {:?}",
                key.0,
                key.1,
                t.difference(&o).collect::<Vec<_>>(),
                o.difference(&t).collect::<Vec<_>>()
            );
        }
    }
    for key in known.iter().filter(|k| !diffs.contains_key(*k)) {
        println!("  now equal, remove from KNOWN_DIFFERENCES: {key:?}");
    }
    let unexpected: Vec<_> = diffs.keys().filter(|k| !known.contains(*k)).collect();
    assert!(
        unexpected.is_empty(),
        "differences from Cartography beyond KNOWN_DIFFERENCES: {unexpected:#?}"
    );
}
