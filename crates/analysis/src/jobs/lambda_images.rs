//! `(:AWSLambda)-[:HAS]->(:AWSECRImage)` for container-image functions: the function's
//! `codesha256` is the image digest without its `sha256:` prefix, as Cartography's
//! `aws_lambda_ecr` job matches them. Images may live in any account (a shared registry).

use cartograph_graph::{Counters, CypherError, GraphBackend};

use crate::graph::link_and_clean;

pub(crate) const NAME: &str = "aws_lambda_ecr";
/// Cartography's sync keys.
pub(crate) const LAMBDA_SERVICE: &str = "lambda_function";
pub(crate) const ECR_SERVICE: &str = "ecr";

const LINK: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(l:AWSLambda)
WHERE a.id IN $ACCOUNTS AND l.codesha256 IS NOT NULL
MATCH (e:AWSECRImage)
WHERE e.digest = 'sha256:' + l.codesha256
MERGE (l)-[r:HAS]->(e)
ON CREATE SET r.firstseen = timestamp()
SET r.lastupdated = $UPDATE_TAG";

const CLEANUP: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(:AWSLambda)-[r:HAS]->(:AWSECRImage)
WHERE a.id IN $ACCOUNTS AND r.lastupdated <> $UPDATE_TAG
DELETE r";

pub(crate) fn run_job(
    backend: &dyn GraphBackend,
    update_tag: i64,
    accounts: &[String],
) -> Result<Counters, CypherError> {
    link_and_clean(backend, LINK, CLEANUP, update_tag, accounts)
}
