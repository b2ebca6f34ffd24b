//! `lambda_function`, `ecr`, `ecs`, `sqs` and `sns` against moto, `eks` against recorded
//! responses (moto has no access entries nor authentication modes) and
//! `ecr:pull_through_cache_rules` through `ecr_cache.py stand-in` (moto cannot create
//! them): every resource per account and region, their removal, and the properties and
//! links rules and analysis read.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::*;
use serde_json::Value as Json;

const OWNED: &str = "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->";

fn kinds() -> Vec<(&'static str, String)> {
    [
        (
            "functions",
            "(n:AWSLambda:Function {region: $r}) RETURN n.arn",
        ),
        (
            "aliases",
            "(n:AWSLambdaFunctionAlias)<-[:KNOWN_AS]-(:AWSLambda {region: $r}) RETURN n.arn",
        ),
        (
            "mappings",
            "(n:AWSLambdaEventSourceMapping)<-[:RESOURCE]-(:AWSLambda {region: $r}) RETURN n.id",
        ),
        (
            "layers",
            "(n:AWSLambdaLayer)<-[:HAS]-(:AWSLambda {region: $r}) RETURN DISTINCT n.arn",
        ),
        (
            "repositories",
            "(n:AWSECRRepository:ECRRepository {region: $r}) RETURN n.arn",
        ),
        (
            "repository_images",
            "(n:AWSECRRepositoryImage {region: $r})<-[:REPO_IMAGE]-(:AWSECRRepository) RETURN n.id",
        ),
        (
            "images",
            "(n:AWSECRImage:ECRImage {region: $r})<-[:IMAGE]-(:AWSECRRepositoryImage) \
             RETURN DISTINCT n.digest",
        ),
        (
            "queues",
            "(n:AWSSQSQueue:SQSQueue {region: $r}) RETURN n.arn",
        ),
        (
            "topics",
            "(n:AWSSNSTopic:SNSTopic {region: $r}) RETURN n.arn",
        ),
        (
            "subscriptions",
            "(n:AWSSNSTopicSubscription)-[:HAS_SUBSCRIPTION]->(:AWSSNSTopic {region: $r}) \
             RETURN n.arn",
        ),
        (
            "ecs_clusters",
            "(n:AWSECSCluster:ECSCluster {region: $r}) RETURN n.arn",
        ),
        (
            "container_instances",
            "(n:AWSECSContainerInstance)<-[:HAS_CONTAINER_INSTANCE]-(:AWSECSCluster {region: $r}) \
             RETURN n.arn",
        ),
        (
            "ecs_services",
            "(n:AWSECSService)<-[:HAS_SERVICE]-(:AWSECSCluster {region: $r}) RETURN n.arn",
        ),
        (
            "ecs_tasks",
            "(n:AWSECSTask:ComputePod)<-[:HAS_TASK]-(:AWSECSCluster {region: $r}) RETURN n.arn",
        ),
        (
            "containers",
            "(n:AWSECSContainer:Container)<-[:HAS_CONTAINER]-(:AWSECSTask {region: $r}) \
             RETURN n.arn",
        ),
        (
            "task_definitions",
            "(n:AWSECSTaskDefinition {region: $r}) RETURN n.arn",
        ),
    ]
    .into_iter()
    .map(|(kind, rest)| (kind, format!("{OWNED}{rest}")))
    .collect()
}

#[test]
fn compute_and_messaging_sync_and_clean_up() {
    let kinds = kinds();
    let kinds: Vec<(&str, &str)> = kinds.iter().map(|(k, q)| (*k, q.as_str())).collect();
    let (_moto, home) = check_service(
        "compute.py",
        "iam,ec2:instance,ec2:load_balancer_v2,lambda_function,ecr,ecs,sqs,sns",
        &kinds,
    );
    let g = Graph::open(&home.db());
    let rows = |q: &str| g.set(q, &[]);
    let public = rows("MATCH (l:AWSLambda) WHERE l.anonymous_access = true RETURN l.name");
    assert_eq!(public, ["orders-api".to_string()].into());
    let private = rows("MATCH (l:AWSLambda) WHERE l.anonymous_access = false RETURN l.name");
    assert_eq!(private, ["thumbnailer".to_string()].into());
    let roles = rows(
        "MATCH (l:AWSLambda)-[:STS_ASSUMEROLE_ALLOW]->(r:AWSPrincipal:AWSRole), \
         (l)-[:ASSUMES]->(r) RETURN l.name + ' ' + r.name",
    );
    assert!(roles.contains("orders-api lambda-exec"), "{roles:?}");
    assert!(roles.contains("staging-webhook lambda-exec"), "{roles:?}");
    let images = rows(
        "MATCH (l:AWSLambda)-[:HAS_IMAGE]->(:AWSECRImage:Image)<-[:IMAGE]-(t:AWSECRRepositoryImage) \
         RETURN l.name + ' ' + t.tag",
    );
    assert_eq!(images, ["thumbnailer 1.4.0".to_string()].into());
    let platforms = rows(
        "MATCH (:AWSECRRepositoryImage {tag: '2.0.0'})-[:IMAGE]->(l:AWSECRImage:ImageManifestList)\
         -[:CONTAINS_IMAGE]->(i:AWSECRImage:Image)<-[:ATTESTS]-(a:AWSECRImage:ImageAttestation) \
         RETURN i.architecture + ' ' + i.variant + ' ' + a.attestation_type",
    );
    assert_eq!(
        platforms,
        ["arm64 v8 attestation-manifest".to_string()].into()
    );
    let arm = rows("MATCH (l:AWSLambda {architecture_normalized: 'arm64'}) RETURN l.name");
    assert_eq!(arm, ["orders-api".to_string()].into());
    let dlq = rows(
        "MATCH (q:AWSSQSQueue)-[:HAS_DEADLETTER_QUEUE]->(d:AWSSQSQueue) \
         RETURN q.name + ' ' + d.name + ' ' + q.visibility_timeout",
    );
    assert_eq!(dlq, ["orders orders-dlq 90".to_string()].into());
    let ecs = rows(
        "MATCH (i:AWSEC2Instance)<-[:IS_INSTANCE]-(:AWSECSContainerInstance)-[:HAS_TASK]->\
         (t:AWSECSTask)-[:HAS_TASK_DEFINITION]->(d:AWSECSTaskDefinition)-[:HAS_TASK_ROLE]->\
         (r:AWSRole), (d)-[:HAS_CONTAINER_DEFINITION]->(c:AWSECSContainerDefinition) \
         RETURN d.family + ' ' + r.name + ' ' + toString(c.privileged)",
    );
    assert_eq!(
        ecs,
        [
            "batch lambda-exec true".to_string(),
            "web lambda-exec false".to_string()
        ]
        .into()
    );
    let targets = rows(
        "MATCH (:AWSELBV2TargetGroup {name: 'shop-web'})-[r:TARGETS]->(s:AWSECSService) \
         RETURN s.name + ' ' + r.container_name + ' ' + r.container_port",
    );
    assert_eq!(targets, ["web web 8080".to_string()].into());
    let parents = rows(
        "MATCH (c:AWSECSContainer)-[:WORKLOAD_PARENT]->(:AWSECSTask)-[:WORKLOAD_PARENT]->(p) \
         RETURN c.name + ' ' + labels(p)[0] + ' ' + c.architecture_normalized",
    );
    assert_eq!(
        parents,
        [
            "batch AWSECSCluster arm64".to_string(),
            "web AWSECSService arm64".to_string()
        ]
        .into()
    );
}

/// EKS's REST-JSON API replayed from recorded answers, for the management account (static
/// credentials `testing`) only: the other accounts have no clusters. Once `mutated` is set,
/// `payments-internal` and the access entry of `ci-deployer` are gone.
struct EksReplay {
    endpoint: String,
    mutated: Arc<AtomicBool>,
}

const MANAGEMENT: &str = "123456789012";

impl EksReplay {
    fn start() -> EksReplay {
        let listener = TcpListener::bind("127.0.0.1:0")
            .unwrap_or_else(|e| panic!("cannot listen on 127.0.0.1: {e}"));
        let address = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("no local address: {e}"));
        let endpoint = format!("http://{address}");
        let mutated = Arc::new(AtomicBool::new(false));
        let flag = mutated.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let flag = flag.clone();
                std::thread::spawn(move || serve(stream, &flag));
            }
        });
        EksReplay { endpoint, mutated }
    }
}

/// Answer every request of one connection (the SDK keeps connections alive).
fn serve(stream: TcpStream, mutated: &AtomicBool) {
    let Ok(input) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(input);
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
        let (mut auth, mut length) = (String::new(), 0);
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').unwrap_or(("", ""));
            match name.trim().to_ascii_lowercase().as_str() {
                "authorization" => auth = value.trim().to_string(),
                "content-length" => length = value.trim().parse().unwrap_or(0),
                _ => {}
            }
        }
        let mut body = vec![0; length];
        let _ = reader.read_exact(&mut body);
        // SigV4: Credential=<key>/<date>/<region>/eks/aws4_request
        let scope = auth.split("Credential=").nth(1).unwrap_or("");
        let mut parts = scope.split('/');
        let key = parts.next().unwrap_or("");
        let region = parts.nth(1).unwrap_or("");
        let path = path.split('?').next().unwrap_or("");
        let (status, error, json) = answer(
            path,
            key == "testing",
            region,
            mutated.load(Ordering::SeqCst),
        );
        let mut head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            json.len()
        );
        if let Some(error) = error {
            head.push_str(&format!("x-amzn-errortype: {error}\r\n"));
        }
        head.push_str("\r\n");
        let sent = out
            .write_all(head.as_bytes())
            .and_then(|()| out.write_all(json.as_bytes()));
        if sent.is_err() {
            return;
        }
    }
}

fn cluster_arn(region: &str, name: &str) -> String {
    format!("arn:aws:eks:{region}:{MANAGEMENT}:cluster/{name}")
}

/// The recorded answer to one request: status, error type, body.
fn answer(
    path: &str,
    management: bool,
    region: &str,
    mutated: bool,
) -> (u16, Option<&'static str>, String) {
    let role = |name: &str| format!("arn:aws:iam::{MANAGEMENT}:role/{name}");
    let clusters: Vec<&str> = match (management, region) {
        (false, _) => vec![],
        (true, "us-east-1") if mutated => vec!["shop-prod"],
        (true, "us-east-1") => vec!["shop-prod", "payments-internal"],
        (true, _) => vec!["legacy"],
    };
    let principals = |name: &str| -> Vec<String> {
        match name {
            "shop-prod" if mutated => vec![role("eks-admin")],
            "shop-prod" => vec![
                role("eks-admin"),
                role("ci-deployer"),
                role("deleted-meanwhile"),
            ],
            _ => vec![role("eks-admin")],
        }
    };
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let missing = |what: &str| {
        let body = serde_json::json!({"message": format!("No {what}")}).to_string();
        (404, Some("ResourceNotFoundException"), body)
    };
    match segments.as_slice() {
        ["clusters"] => (
            200,
            None,
            serde_json::json!({"clusters": clusters}).to_string(),
        ),
        ["clusters", name] if clusters.contains(name) => {
            let public = *name == "shop-prod";
            let mode = if *name == "legacy" {
                "CONFIG_MAP"
            } else {
                "API_AND_CONFIG_MAP"
            };
            let cluster = serde_json::json!({"cluster": {
                "name": name,
                "arn": cluster_arn(region, name),
                "createdAt": 1747036800.0,
                "version": "1.30",
                "endpoint": format!("https://{name}.gr7.{region}.eks.amazonaws.com"),
                "roleArn": role("eks-cluster"),
                "resourcesVpcConfig": {
                    "subnetIds": ["subnet-0a1b2c3d"],
                    "securityGroupIds": [],
                    "endpointPublicAccess": public,
                    "endpointPrivateAccess": !public,
                    "publicAccessCidrs": if public { vec!["0.0.0.0/0"] } else { vec![] },
                },
                "logging": {"clusterLogging": [{"types": ["api", "audit"], "enabled": public}]},
                "status": "ACTIVE",
                "platformVersion": "eks.8",
                "accessConfig": {"authenticationMode": mode},
                "certificateAuthority": {"data": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="},
            }});
            (200, None, cluster.to_string())
        }
        ["clusters", "legacy", "access-entries", ..] => {
            let message = "The cluster's authentication mode must be set to one of \
                           [API, API_AND_CONFIG_MAP] to perform this operation.";
            let body = serde_json::json!({"message": message}).to_string();
            (400, Some("InvalidRequestException"), body)
        }
        ["clusters", name, "access-entries"] if clusters.contains(name) => {
            let body = serde_json::json!({"accessEntries": principals(name)});
            (200, None, body.to_string())
        }
        ["clusters", name, "access-entries", principal] if clusters.contains(name) => {
            let principal = principal.replace("%3A", ":").replace("%2F", "/");
            if principal.ends_with("deleted-meanwhile") || !principals(name).contains(&principal) {
                return missing("access entry");
            }
            let entry = serde_json::json!({"accessEntry": {
                "clusterName": name,
                "principalArn": principal,
                "kubernetesGroups": ["system:masters"],
                "accessEntryArn": format!(
                    "arn:aws:eks:{region}:{MANAGEMENT}:access-entry/{name}/role/{MANAGEMENT}/x"
                ),
                "createdAt": 1747036800.0,
                "modifiedAt": 1747036800.0,
                "tags": {},
                "username": principal,
                "type": "STANDARD",
            }});
            (200, None, entry.to_string())
        }
        _ => missing("such resource"),
    }
}

#[test]
fn eks_clusters_and_access_entries_sync_and_clean_up_against_recorded_responses() {
    let moto = Moto::start();
    moto.script("compute.py", "eks_admin");
    let replay = EksReplay::start();
    let home = Home::new();
    let args = ["--aws-requested-syncs", "iam,eks"];
    let env = [("AWS_ENDPOINT_URL_EKS", replay.endpoint.as_str())];
    let clusters = |region: &str, names: &[&str]| -> Json {
        let arns: Vec<String> = names.iter().map(|n| cluster_arn(region, n)).collect();
        serde_json::json!(arns)
    };
    let report = |east: &[&str]| -> Json {
        let empty = serde_json::json!({"us-east-1": [], "eu-west-1": []});
        serde_json::json!({"clusters": {
            MANAGEMENT: {"us-east-1": clusters("us-east-1", east),
                         "eu-west-1": clusters("eu-west-1", &["legacy"])},
            ACCOUNTS[1]: empty.clone(),
            ACCOUNTS[2]: empty,
        }})
    };
    let kinds = [(
        "clusters",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(c:AWSEKSCluster:EKSCluster:ComputeCluster \
         {region: $r}) RETURN c.arn",
    )];
    let entries = "MATCH (p:AWSPrincipal)-[:GRANTED_ACCESS_TO]->(e:AWSEKSAccessEntry)\
                   <-[:HAS_ACCESS_ENTRY]-(c:AWSEKSCluster) RETURN c.name + ' ' + p.name";
    let text = |rows: &[&str]| rows.iter().map(|r| r.to_string()).collect();

    assert_ok(&home.sync(&moto.endpoint, 100, &args, &env), 0);
    assert_graph_lists(&home, &report(&["shop-prod", "payments-internal"]), &kinds);
    {
        let g = Graph::open(&home.db());
        let public = g.set(
            "MATCH (c:AWSEKSCluster) WHERE c.endpoint_public_access = true \
             RETURN c.name + ' ' + toString(c.audit_logging) + ' ' + c.authentication_mode",
            &[],
        );
        assert_eq!(public, text(&["shop-prod true API_AND_CONFIG_MAP"]));
        // ci-deployer's entry exists, but its role is not in IAM; the vanished one is skipped.
        assert_eq!(g.count("MATCH (e:AWSEKSAccessEntry) RETURN count(e)"), 3);
        assert_eq!(
            g.set(entries, &[]),
            text(&["payments-internal eks-admin", "shop-prod eks-admin"])
        );
    }

    replay.mutated.store(true, Ordering::SeqCst);
    assert_ok(&home.sync(&moto.endpoint, 200, &args, &env), 0);
    assert_graph_lists(&home, &report(&["shop-prod"]), &kinds);
    let g = Graph::open(&home.db());
    assert_eq!(g.count("MATCH (e:AWSEKSAccessEntry) RETURN count(e)"), 1);
    assert_eq!(g.set(entries, &[]), text(&["shop-prod eks-admin"]));
}

#[test]
fn ecr_pull_through_cache_rules_sync_link_and_clean_up() {
    let (_moto, home) = check_service_via_stand_in(
        "ecr_cache.py",
        "iam,secretsmanager,ecr:pull_through_cache_rules",
        &[(
            "pull_through_cache_rules",
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(r:AWSECRPullThroughCacheRule:ECRPullThroughCacheRule {region: $r}) RETURN r.id",
        )],
    );
    let g = Graph::open(&home.db());
    assert_eq!(
        g.rows(
            "MATCH (r:AWSECRPullThroughCacheRule)-[:USES_SECRET]->(s:AWSSecretsManagerSecret), \
             (r)-[:ASSOCIATED_WITH]->(role:AWSRole) \
             RETURN r.ecr_repository_prefix, r.upstream_registry_url, r.upstream_registry, s.name, role.name",
            &[]
        ),
        vec![vec![
            "docker-hub",
            "registry-1.docker.io",
            "docker-hub",
            "ecr-pullthroughcache/docker-hub",
            "ecr-pull-through"
        ]]
    );
}
