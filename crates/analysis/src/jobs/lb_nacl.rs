//! `(:AWSEC2NetworkAcl)-[:PROTECTS]->(:AWSLoadBalancerV2)` for every network ACL of a subnet
//! the load balancer sits in, as Cartography's `aws_lb_nacl_direct` job links them.

use cartograph_graph::{Counters, CypherError, GraphBackend};

use crate::graph::link_and_clean;

pub(crate) const NAME: &str = "aws_lb_nacl_direct";
/// The syncs it reads: network ACLs come with the core EC2 sync.
pub(crate) const SERVICES: [&str; 2] = ["ec2", super::exposure::LBV2_SERVICE];

const LINK: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(lb:AWSLoadBalancerV2)-[:SUBNET]->(:AWSEC2Subnet)<-[:PART_OF_SUBNET]-(acl:AWSEC2NetworkAcl)
WHERE a.id IN $ACCOUNTS
WITH DISTINCT lb, acl
MERGE (acl)-[r:PROTECTS]->(lb)
ON CREATE SET r.firstseen = timestamp()
SET r.lastupdated = $UPDATE_TAG";

const CLEANUP: &str =
    "MATCH (a:AWSAccount)-[:RESOURCE]->(:AWSLoadBalancerV2)<-[r:PROTECTS]-(:AWSEC2NetworkAcl)
WHERE a.id IN $ACCOUNTS AND r.lastupdated <> $UPDATE_TAG
DELETE r";

pub(crate) fn run_job(
    backend: &dyn GraphBackend,
    update_tag: i64,
    accounts: &[String],
) -> Result<Counters, CypherError> {
    link_and_clean(backend, LINK, CLEANUP, update_tag, accounts)
}
