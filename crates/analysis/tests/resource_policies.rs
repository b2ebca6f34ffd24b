//! Permission relationships beyond identity policies: permission boundaries cap what a
//! principal's policies allow, and resource policies kept as documents on the resource
//! (Secrets Manager, KMS, Lambda) grant to principals of the account and of other accounts.

mod support;

use cartograph_analysis::Options;
use cartograph_graph::Database;
use support::{analyse, edges, exec, list, rows, synced};

const A: &str = "111111111111";

/// Account A: an administrator, an administrator capped by a boundary that allows only S3,
/// a role with no policy, a secret whose resource policy names that role and a foreign
/// role, and a KMS key whose key policy lets the role decrypt.
fn fixture(db: &Database) {
    exec(
        db,
        r#"CREATE (a:AWSAccount {id: '111111111111', inscope: true})
         CREATE (a)-[:RESOURCE]->(admin:AWSUser:AWSPrincipal {id: 'u-admin', arn: 'arn:aws:iam::111111111111:user/admin'})
         CREATE (admin)-[:POLICY]->(all:AWSPolicy:AWSManagedPolicy {id: 'arn:aws:iam::aws:policy/AdministratorAccess'})
         CREATE (all)-[:STATEMENT]->(:AWSPolicyStatement {id: 'arn:aws:iam::aws:policy/AdministratorAccess/statement/1', effect: 'Allow', action: ['*'], resource: ['*']})
         CREATE (a)-[:RESOURCE]->(capped:AWSUser:AWSPrincipal {id: 'u-capped', arn: 'arn:aws:iam::111111111111:user/capped',
             permissions_boundary_arn: 'arn:aws:iam::111111111111:policy/s3-only', permissions_boundary_type: 'Policy'})
         CREATE (capped)-[:POLICY]->(all)
         CREATE (:AWSPolicy:AWSManagedPolicy {id: 'arn:aws:iam::111111111111:policy/s3-only'})-[:STATEMENT]->
             (:AWSPolicyStatement {id: 'arn:aws:iam::111111111111:policy/s3-only/statement/1', effect: 'Allow', action: ['s3:*'], resource: ['*']})
         CREATE (a)-[:RESOURCE]->(:AWSRole:AWSPrincipal {id: 'r-app', arn: 'arn:aws:iam::111111111111:role/app'})
         CREATE (a)-[:RESOURCE]->(:AWSRole:AWSPrincipal {id: 'r-idle', arn: 'arn:aws:iam::111111111111:role/idle'})
         CREATE (:AWSAccount {id: '999999999999', foreign: true})-[:RESOURCE]->
             (:AWSRole:AWSPrincipal {id: 'r-partner', arn: 'arn:aws:iam::999999999999:role/partner'})
         CREATE (a)-[:RESOURCE]->(:AWSSecretsManagerSecret {id: 's-db', name: 'db',
             arn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf',
             policy: '{"Version":"2012-10-17","Statement":[{"Sid":"App","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:role/app","arn:aws:iam::999999999999:role/partner"]},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}'})
         CREATE (a)-[:RESOURCE]->(:AWSKMSKey {id: 'k-1', arn: 'arn:aws:kms:eu-west-1:111111111111:key/k-1',
             policy: '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/app"},"Action":["kms:Decrypt"],"Resource":"*"}]}'})"#,
    );
}

#[test]
fn boundaries_cap_and_resource_policies_grant() {
    let db = Database::in_memory();
    fixture(&db);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("rpr.yaml");
    std::fs::write(
        &file,
        "- target_label: AWSSecretsManagerSecret\n  permissions: ['secretsmanager:GetSecretValue']\n  relationship_name: GET_SECRET\n\
         - target_label: AWSKMSKey\n  permissions: ['kms:Decrypt']\n  relationship_name: CAN_DECRYPT\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let opts = Options {
        synced: synced(&["iam", "secretsmanager", "kms"], &[A]),
        permission_relationships_file: Some(file),
    };
    analyse(&db, 10, &opts);
    let secret = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf";
    assert_eq!(
        edges(&db, "GET_SECRET"),
        vec![
            // Named by the secret's policy: same account, no identity policy needed.
            format!("arn:aws:iam::111111111111:role/app -> {secret}"),
            // Unbounded administrator: its identity policy allows.
            format!("arn:aws:iam::111111111111:user/admin -> {secret}"),
            // Named by the secret's policy from an account that was not synced.
            format!("arn:aws:iam::999999999999:role/partner -> {secret}"),
        ]
    );
    // The boundary allows only S3: `capped` gets nothing; `idle` is named nowhere.
    assert_eq!(
        edges(&db, "CAN_DECRYPT"),
        vec![
            "arn:aws:iam::111111111111:role/app -> arn:aws:kms:eu-west-1:111111111111:key/k-1",
            "arn:aws:iam::111111111111:user/admin -> arn:aws:kms:eu-west-1:111111111111:key/k-1",
        ]
    );
    let granted = rows(
        &db,
        "MATCH (:AWSRole {arn: 'arn:aws:iam::111111111111:role/app'})-[e:GET_SECRET]->() RETURN e.granted_by",
    );
    assert_eq!(
        list(granted[0].first()),
        vec![format!("{secret}#resource-policy")]
    );
}
