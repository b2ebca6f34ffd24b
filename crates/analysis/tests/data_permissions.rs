//! Permission relationships to the data stores of the demo estate (DynamoDB tables, Secrets
//! Manager secrets, RDS instances), loaded through the real AWS loader: the labels and ARNs
//! the services write are those the bundled permission-relationships file targets.

mod support;

use cartograph_analysis::{Options, Synced};
use cartograph_aws::demo::load_demo;
use cartograph_graph::Database;
use support::{analyse, count, texts};

const PRODUCTION: &str = "345678901234";

fn analysed() -> Database {
    let db = Database::in_memory();
    let run = load_demo(&db, 100).unwrap_or_else(|e| panic!("{e}"));
    let opts = Options {
        synced: Synced::from_summary(&run),
        permission_relationships_file: None,
    };
    analyse(&db, 100, &opts);
    db
}

/// The principals of production with `rel` to the node `(label {name})`.
fn holders(db: &Database, rel: &str, target: &str) -> Vec<String> {
    texts(
        db,
        &format!(
            "MATCH (a:AWSAccount {{id: '{PRODUCTION}'}})-[:RESOURCE]->(p:AWSPrincipal)-[:{rel}]->{target}
             RETURN DISTINCT p.arn ORDER BY p.arn"
        ),
    )
}

#[test]
fn administrators_reach_tables_secrets_and_databases_read_only_users_do_not() {
    let db = analysed();
    let arn = |name: &str| format!("arn:aws:iam::{PRODUCTION}:{name}");
    let admins = [
        "group/admins",
        "role/OrganizationAccountAccessRole",
        "role/break-glass",
        "role/deploy",
        "role/okta-sso-admin",
        "user/alice",
        "user/bob",
    ]
    .map(arn)
    .to_vec();

    let orders = "(:AWSDynamoDBTable {name: 'orders'})";
    assert_eq!(holders(&db, "CAN_QUERY", orders), admins);
    assert_eq!(holders(&db, "CAN_WRITE", orders), admins);
    let secret = "(:AWSSecretsManagerSecret {name: 'prod/orders-db/master'})";
    assert_eq!(holders(&db, "GET_SECRET", secret), admins);
    let instance = "(:AWSRDSInstance {db_instance_identifier: 'orders-db'})";
    assert_eq!(holders(&db, "CAN_ADMINISTER", instance), admins);

    // ReadOnlyAccess (developers, auditors) grants none of these actions.
    for (rel, target) in [
        ("CAN_QUERY", "(:AWSDynamoDBTable)"),
        ("GET_SECRET", "(:AWSSecretsManagerSecret)"),
        ("CAN_ADMINISTER", "(:AWSRDSInstance)"),
    ] {
        for who in [
            "user/carol",
            "group/developers",
            "user/frank",
            "role/app-server",
        ] {
            let query = format!(
                "MATCH (p:AWSPrincipal {{arn: '{}'}})-[:{rel}]->{target} RETURN count(p)",
                arn(who)
            );
            assert_eq!(count(&db, &query), 0, "{who} {rel}");
        }
    }

    // Edges stay inside the account: staging's administrators reach staging's table only.
    assert_eq!(
        count(
            &db,
            "MATCH (a1:AWSAccount)-[:RESOURCE]->(:AWSPrincipal)-[:CAN_QUERY]->(:AWSDynamoDBTable)<-[:RESOURCE]-(a2:AWSAccount)
             WHERE a1.id <> a2.id RETURN count(*)"
        ),
        0
    );
    let edge = texts(
        &db,
        &format!(
            "MATCH (:AWSPrincipal {{arn: '{}'}})-[e:GET_SECRET]->{secret} UNWIND e.granted_by AS policy RETURN policy",
            arn("role/deploy")
        ),
    );
    assert_eq!(edge, vec!["arn:aws:iam::aws:policy/AdministratorAccess"]);
}
