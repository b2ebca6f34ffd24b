//! `acm:certificate` against moto: certificates per account and region, and their removal.

mod common;

use common::*;

#[test]
fn acm_certificates_sync_and_clean_up() {
    let (_moto, home) = check_service(
        "acm.py",
        "acm:certificate",
        &[(
            "certificates",
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(c:AWSACMCertificate:ACMCertificate {region: $r}) \
             RETURN c.arn",
        )],
    );
    let g = Graph::open(&home.db());
    let issued = g.count(
        "MATCH (c:AWSACMCertificate) WHERE c.status = 'ISSUED' AND c.not_after IS NOT NULL \
         AND c.domainname ENDS WITH '.example.test' RETURN count(c)",
    );
    assert_eq!(issued, 2);
}
