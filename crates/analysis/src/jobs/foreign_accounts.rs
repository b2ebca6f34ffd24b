//! `foreign` on accounts: true for an account known only because a trust policy (or another
//! policy) names it — neither synced (`inscope`) nor listed by a synced organization
//! (`org_id`) — and false for the others. Cartography sets only the true case (for every
//! account with no `inscope`); cartograph also clears it when an account becomes known.

use cartograph_graph::{Counters, CypherError, GraphBackend, Params};

use crate::graph::run;

pub(crate) const NAME: &str = "aws_foreign_accounts";

const FOREIGN: &str = "MATCH (a:AWSAccount)
WHERE coalesce(a.inscope, false) = false AND a.org_id IS NULL
SET a.foreign = true";

const KNOWN: &str = "MATCH (a:AWSAccount)
WHERE a.inscope = true OR a.org_id IS NOT NULL
SET a.foreign = false";

pub(crate) fn run_job(backend: &dyn GraphBackend) -> Result<Counters, CypherError> {
    let mut counters = Counters::default();
    run(backend, FOREIGN, &Params::new(), &mut counters)?;
    run(backend, KNOWN, &Params::new(), &mut counters)?;
    Ok(counters)
}
