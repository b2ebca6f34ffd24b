//! EC2 key pair analysis, as Cartography's: `user_uploaded` on key pairs whose fingerprint
//! has the 47-character (MD5) form of an imported key (AWS-created keys carry a 59-character
//! SHA-1 fingerprint), `duplicate_keyfingerprint` on key pairs sharing a fingerprint, and
//! `MATCHING_FINGERPRINT` between them. Runs over the whole graph: the interesting duplicates
//! are across accounts.

use cartograph_graph::{Counters, CypherError, GraphBackend, Statement, Value};

use crate::graph::params;

pub(crate) const NAME: &str = "aws_ec2_keypair_analysis";

const RESET: &str = "MATCH (k:AWSEC2KeyPair)
WHERE k.user_uploaded IS NOT NULL OR k.duplicate_keyfingerprint IS NOT NULL
REMOVE k.user_uploaded, k.duplicate_keyfingerprint";

const USER_UPLOADED: &str = "MATCH (k:AWSEC2KeyPair)
WHERE size(k.keyfingerprint) = 47
SET k.user_uploaded = true";

const DUPLICATES: &str = "MATCH (k:AWSEC2KeyPair)
WHERE k.keyfingerprint IS NOT NULL
WITH k.keyfingerprint AS fingerprint, collect(k) AS keys
WHERE size(keys) > 1
UNWIND keys AS k1
UNWIND keys AS k2
WITH k1, k2
WHERE id(k1) < id(k2)
SET k1.duplicate_keyfingerprint = true, k2.duplicate_keyfingerprint = true
MERGE (k1)-[r:MATCHING_FINGERPRINT]->(k2)
ON CREATE SET r.firstseen = $UPDATE_TAG
SET r.lastupdated = $UPDATE_TAG";

const CLEANUP: &str = "MATCH (:AWSEC2KeyPair)-[r:MATCHING_FINGERPRINT]->(:AWSEC2KeyPair)
WHERE r.lastupdated <> $UPDATE_TAG
DELETE r";

pub(crate) fn run_job(
    backend: &dyn GraphBackend,
    update_tag: i64,
) -> Result<Counters, CypherError> {
    let p = params([("UPDATE_TAG", Value::Int(update_tag))]);
    let batch: Vec<Statement> = [RESET, USER_UPLOADED, DUPLICATES, CLEANUP]
        .into_iter()
        .map(|q| Statement::new(q, p.clone()))
        .collect();
    let mut counters = Counters::default();
    for r in backend.run_batch(&batch)? {
        counters.add(&r.counters);
    }
    Ok(counters)
}
