//! `(:AWSEC2Instance)-[:STS_ASSUMEROLE_ALLOW]->(:AWSRole)` for the roles of an instance's
//! instance profile: code on the instance can use the role's credentials, as Cartography's
//! `aws_ec2_iaminstanceprofile` job records it.

use cartograph_graph::{Counters, CypherError, GraphBackend};

use crate::graph::link_and_clean;

pub(crate) const NAME: &str = "aws_ec2_iaminstanceprofile";

const LINK: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(i:AWSEC2Instance)-[:INSTANCE_PROFILE]->(:AWSInstanceProfile)-[:ASSOCIATED_WITH]->(r:AWSRole)
WHERE a.id IN $ACCOUNTS
MERGE (i)-[s:STS_ASSUMEROLE_ALLOW]->(r)
ON CREATE SET s.firstseen = timestamp()
SET s.lastupdated = $UPDATE_TAG";

const CLEANUP: &str =
    "MATCH (a:AWSAccount)-[:RESOURCE]->(:AWSEC2Instance)-[s:STS_ASSUMEROLE_ALLOW]->(:AWSRole)
WHERE a.id IN $ACCOUNTS AND s.lastupdated <> $UPDATE_TAG
DELETE s";

pub(crate) fn run_job(
    backend: &dyn GraphBackend,
    update_tag: i64,
    accounts: &[String],
) -> Result<Counters, CypherError> {
    link_and_clean(backend, LINK, CLEANUP, update_tag, accounts)
}
