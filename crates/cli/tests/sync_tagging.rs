//! `resourcegroupstaggingapi` against moto: `AWSTag` nodes and `TAGGED` links from the
//! instances, VPCs and buckets other syncs wrote; a removed tag loses its link, and a tag
//! nothing carries any more is deleted.

mod common;

use common::*;

#[test]
fn tags_link_synced_resources_and_clean_up() {
    let (_moto, home) = check_service(
        "tagging.py",
        "ec2:instance,ec2:vpc,s3,resourcegroupstaggingapi",
        &[(
            "tagged",
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n)-[:TAGGED]->(t:AWSTag:Tag) \
             WHERE n.region = $r RETURN n.id + '|' + t.id",
        )],
    );
    let g = Graph::open(&home.db());
    // `team:payments` was only on the instance that lost it: the tag is gone.
    assert_eq!(
        g.set("MATCH (t:AWSTag) RETURN t.id ORDER BY t.id", &[]),
        ["env:production", "env:staging", "team:search"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    assert_eq!(
        g.count("MATCH (t:AWSTag {id: 'env:production'})<-[:TAGGED]-(n) RETURN count(n)"),
        3
    );
}
