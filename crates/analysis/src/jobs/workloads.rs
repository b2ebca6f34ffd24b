//! Internet exposure of the workloads behind the EC2 view, as Cartography's
//! `aws_ecs_asset_exposure`, `aws_lb_container_exposure` and `aws_eks_asset_exposure` jobs
//! derive it: an ECS container is exposed `'elbv2'` when an exposed v2 load balancer
//! `EXPOSE`s a private IP of its task's network interface (and the load balancer then
//! `EXPOSE`s the container directly, `exposure_type = 'via_lb_only'`), and `'direct'` when
//! that interface has a public IP and a security group open to anywhere (`::/0` too, as for
//! instances). An EKS cluster with a public endpoint is exposed. Runs after
//! [`super::exposure`], whose load balancer flags it reads.

use cartograph_graph::{Counters, CypherError, GraphBackend, Value};

use crate::graph::{params, run_all, string_list};

pub(crate) const ECS_NAME: &str = "aws_ecs_asset_exposure";
pub(crate) const EKS_NAME: &str = "aws_eks_asset_exposure";
/// Cartography's sync keys.
pub(crate) const ECS_SERVICE: &str = "ecs";
pub(crate) const EKS_SERVICE: &str = "eks";

const RESET_CONTAINERS: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(c:AWSECSContainer)
WHERE a.id IN $ACCOUNTS AND (c.exposed_internet IS NOT NULL OR c.exposed_internet_type IS NOT NULL)
REMOVE c.exposed_internet, c.exposed_internet_type";

/// The task's containers behind an exposed v2 load balancer, bound as `lb` and `c`.
const BEHIND_LB: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(task:AWSECSTask)-[:HAS_CONTAINER]->(c:AWSECSContainer)
WHERE a.id IN $ACCOUNTS
MATCH (lb:AWSLoadBalancerV2 {exposed_internet: true})-[:EXPOSE]->(:AWSEC2PrivateIp)<-[:PRIVATE_IP_ADDRESS]-(:AWSNetworkInterface)<-[:NETWORK_INTERFACE]-(task)";

const DIRECT: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(task:AWSECSTask)-[:NETWORK_INTERFACE]->(n:AWSNetworkInterface)
WHERE a.id IN $ACCOUNTS AND n.public_ip IS NOT NULL
  AND EXISTS { (r:AWSIpRange)-[:MEMBER_OF_IP_RULE]->(:AWSIpPermissionInbound)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(:AWSEC2SecurityGroup)<-[:MEMBER_OF_EC2_SECURITY_GROUP]-(n) WHERE r.id IN $ANYWHERE }
MATCH (task)-[:HAS_CONTAINER]->(c:AWSECSContainer)";

/// Add `kind` to the container `c`'s exposure types.
fn add_type(matched: &str, kind: &str) -> String {
    format!(
        "{matched}
WITH DISTINCT c
SET c.exposed_internet = true,
    c.exposed_internet_type = CASE WHEN '{kind}' IN coalesce(c.exposed_internet_type, [])
        THEN c.exposed_internet_type ELSE coalesce(c.exposed_internet_type, []) + '{kind}' END"
    )
}

fn link_lb() -> String {
    format!(
        "{BEHIND_LB}
WITH DISTINCT lb, c
MERGE (lb)-[r:EXPOSE]->(c)
ON CREATE SET r.firstseen = timestamp()
SET r.lastupdated = $UPDATE_TAG, r.exposure_type = 'via_lb_only'"
    )
}

const CLEAN_LB: &str =
    "MATCH (a:AWSAccount)-[:RESOURCE]->(:AWSECSContainer)<-[r:EXPOSE]-(:AWSLoadBalancerV2)
WHERE a.id IN $ACCOUNTS AND r.lastupdated <> $UPDATE_TAG
DELETE r";

/// Recompute the containers' exposure and the load balancer links in one transaction.
pub(crate) fn run_ecs(
    backend: &dyn GraphBackend,
    update_tag: i64,
    accounts: &[String],
) -> Result<Counters, CypherError> {
    let p = params([
        ("UPDATE_TAG", Value::Int(update_tag)),
        ("ACCOUNTS", string_list(accounts)),
        ("ANYWHERE", super::exposure::anywhere()),
    ]);
    let queries = [
        RESET_CONTAINERS.to_string(),
        add_type(BEHIND_LB, "elbv2"),
        add_type(DIRECT, "direct"),
        link_lb(),
        CLEAN_LB.to_string(),
    ];
    run_all(backend, queries, &p)
}

const EKS: [&str; 2] = [
    "MATCH (a:AWSAccount)-[:RESOURCE]->(c:AWSEKSCluster)
WHERE a.id IN $ACCOUNTS AND c.exposed_internet IS NOT NULL AND coalesce(c.endpoint_public_access, false) = false
REMOVE c.exposed_internet",
    "MATCH (a:AWSAccount)-[:RESOURCE]->(c:AWSEKSCluster {endpoint_public_access: true})
WHERE a.id IN $ACCOUNTS
SET c.exposed_internet = true",
];

pub(crate) fn run_eks(
    backend: &dyn GraphBackend,
    accounts: &[String],
) -> Result<Counters, CypherError> {
    let p = params([("ACCOUNTS", string_list(accounts))]);
    run_all(backend, EKS, &p)
}
