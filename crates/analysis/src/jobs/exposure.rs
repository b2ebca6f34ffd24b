//! Cartography's internet exposure of EC2 instances and auto scaling groups:
//! `exposed_internet = true` and `'direct'` in the `exposed_internet_type` list for an
//! instance with a public IP in a security group with an inbound rule from anywhere
//! (`0.0.0.0/0`, or `::/0` which Cartography does not check), the group attached to the
//! instance or to one of its network interfaces; an instance whose only public IP is on a
//! network interface counts through that interface's groups. Auto scaling groups inherit
//! their instances' exposure types. Ports are not considered here, as in Cartography; see
//! [`super::reachability`] for the stricter view.
//!
//! Load balancers (in the accounts where they synced): an internet-facing network load
//! balancer with a listener, or an internet-facing classic or v2 load balancer whose
//! security group lets anywhere in on a listener's port, gets `exposed_internet`; the
//! instances it `EXPOSE`s get `'elb'` / `'elbv2'` in their exposure types.

use cartograph_graph::{Counters, CypherError, GraphBackend, Value};

use crate::graph::{params, run_all, string_list};

pub(crate) const NAME: &str = "aws_ec2_asset_exposure";

/// Service keys of the load balancer syncs (Cartography's `--aws-requested-syncs` keys).
pub(crate) const LB_SERVICE: &str = "ec2:load_balancer";
pub(crate) const LBV2_SERVICE: &str = "ec2:load_balancer_v2";

/// Sources that mean "anyone on the internet".
pub(crate) const ANYWHERE: [&str; 2] = ["0.0.0.0/0", "::/0"];

/// [`ANYWHERE`] as the `$ANYWHERE` query parameter.
pub(crate) fn anywhere() -> Value {
    Value::List(ANYWHERE.iter().map(|s| Value::from(*s)).collect())
}

const RESET_INSTANCES: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(i:AWSEC2Instance)
WHERE a.id IN $ACCOUNTS AND (i.exposed_internet IS NOT NULL OR i.exposed_internet_type IS NOT NULL)
REMOVE i.exposed_internet, i.exposed_internet_type";

/// Add `kind` to the instance `i`'s exposure types.
fn add_type(kind: &str) -> String {
    format!(
        "SET i.exposed_internet = true,
    i.exposed_internet_type = CASE WHEN '{kind}' IN coalesce(i.exposed_internet_type, [])
        THEN i.exposed_internet_type ELSE coalesce(i.exposed_internet_type, []) + '{kind}' END"
    )
}

const RESET_LBV2: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(lb:AWSLoadBalancerV2)
WHERE a.id IN $LBV2_ACCOUNTS AND lb.exposed_internet IS NOT NULL
REMOVE lb.exposed_internet, lb.exposed_internet_type";

const NLB_WITH_LISTENER: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(lb:AWSLoadBalancerV2 {scheme: 'internet-facing', type: 'network'})
WHERE a.id IN $LBV2_ACCOUNTS AND EXISTS { (lb)-[:ELBV2_LISTENER]->(:AWSELBV2Listener) }
SET lb.exposed_internet = true";

const LBV2_OPEN_LISTENER: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(lb:AWSLoadBalancerV2 {scheme: 'internet-facing'})-[:ELBV2_LISTENER]->(listener:AWSELBV2Listener)
WHERE a.id IN $LBV2_ACCOUNTS
MATCH (r:AWSIpRange)-[:MEMBER_OF_IP_RULE]->(perm:AWSIpPermissionInbound)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(:AWSEC2SecurityGroup)<-[:MEMBER_OF_EC2_SECURITY_GROUP]-(lb)
WHERE r.id IN $ANYWHERE AND (perm.protocol IN ['-1', 'all'] OR (listener.port >= perm.fromport AND listener.port <= perm.toport))
WITH DISTINCT lb
SET lb.exposed_internet = true";

const RESET_LB: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(lb:AWSLoadBalancer)
WHERE a.id IN $LB_ACCOUNTS AND lb.exposed_internet IS NOT NULL
REMOVE lb.exposed_internet, lb.exposed_internet_type";

const LB_OPEN_LISTENER: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(lb:AWSLoadBalancer {scheme: 'internet-facing'})-[:ELB_LISTENER]->(listener:AWSELBListener)
WHERE a.id IN $LB_ACCOUNTS
MATCH (r:AWSIpRange)-[:MEMBER_OF_IP_RULE]->(perm:AWSIpPermissionInbound)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(:AWSEC2SecurityGroup)<-[:SOURCE_SECURITY_GROUP]-(lb)
WHERE r.id IN $ANYWHERE AND (perm.protocol IN ['-1', 'all'] OR (listener.port >= perm.fromport AND listener.port <= perm.toport))
WITH DISTINCT lb
SET lb.exposed_internet = true";

/// Instances an exposed load balancer of `label` (analysed in this run: its accounts are
/// `$<accounts>`) routes to get `kind`.
fn through(label: &str, accounts: &str, kind: &str) -> String {
    format!(
        "MATCH (la:AWSAccount)-[:RESOURCE]->(:{label} {{exposed_internet: true}})-[:EXPOSE]->(i:AWSEC2Instance)<-[:RESOURCE]-(a:AWSAccount)
WHERE la.id IN ${accounts} AND a.id IN $ACCOUNTS
WITH DISTINCT i
{}",
        add_type(kind)
    )
}

fn direct_public_ip() -> String {
    format!(
        "MATCH (a:AWSAccount)-[:RESOURCE]->(i:AWSEC2Instance)
WHERE a.id IN $ACCOUNTS AND i.publicipaddress IS NOT NULL
  AND EXISTS {{ (r:AWSIpRange)-[:MEMBER_OF_IP_RULE]->(:AWSIpPermissionInbound)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(:AWSEC2SecurityGroup)<-[:MEMBER_OF_EC2_SECURITY_GROUP|NETWORK_INTERFACE*..2]-(i) WHERE r.id IN $ANYWHERE }}
{}",
        add_type("direct")
    )
}

fn direct_interface_ip() -> String {
    format!(
        "MATCH (a:AWSAccount)-[:RESOURCE]->(i:AWSEC2Instance)-[:NETWORK_INTERFACE]->(n:AWSNetworkInterface)
WHERE a.id IN $ACCOUNTS AND n.public_ip IS NOT NULL
  AND EXISTS {{ (r:AWSIpRange)-[:MEMBER_OF_IP_RULE]->(:AWSIpPermissionInbound)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(:AWSEC2SecurityGroup)<-[:MEMBER_OF_EC2_SECURITY_GROUP]-(n) WHERE r.id IN $ANYWHERE }}
WITH DISTINCT i
{}",
        add_type("direct")
    )
}

const RESET_GROUPS: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(g:AWSAutoScalingGroup)
WHERE a.id IN $ACCOUNTS AND (g.exposed_internet IS NOT NULL OR g.exposed_internet_type IS NOT NULL)
REMOVE g.exposed_internet, g.exposed_internet_type";

const GROUPS: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(i:AWSEC2Instance {exposed_internet: true})-[:MEMBER_AUTO_SCALE_GROUP]->(g:AWSAutoScalingGroup)
WHERE a.id IN $ACCOUNTS
UNWIND i.exposed_internet_type AS type
WITH g, collect(DISTINCT type) AS types
SET g.exposed_internet = true, g.exposed_internet_type = types";

/// Where each input synced: EC2 (instances, groups), classic and v2 load balancers.
pub(crate) struct Scope<'a> {
    pub ec2: &'a [String],
    pub lb: &'a [String],
    pub lbv2: &'a [String],
}

/// Recompute exposure in one transaction, so readers never see it half done.
pub(crate) fn run_job(backend: &dyn GraphBackend, scope: &Scope) -> Result<Counters, CypherError> {
    let p = params([
        ("ACCOUNTS", string_list(scope.ec2)),
        ("LB_ACCOUNTS", string_list(scope.lb)),
        ("LBV2_ACCOUNTS", string_list(scope.lbv2)),
        ("ANYWHERE", anywhere()),
    ]);
    let queries = [
        RESET_LBV2.to_string(),
        NLB_WITH_LISTENER.to_string(),
        LBV2_OPEN_LISTENER.to_string(),
        RESET_LB.to_string(),
        LB_OPEN_LISTENER.to_string(),
        RESET_INSTANCES.to_string(),
        direct_public_ip(),
        direct_interface_ip(),
        through("AWSLoadBalancer", "LB_ACCOUNTS", "elb"),
        through("AWSLoadBalancerV2", "LBV2_ACCOUNTS", "elbv2"),
        RESET_GROUPS.to_string(),
        GROUPS.to_string(),
    ];
    run_all(backend, queries, &p)
}
