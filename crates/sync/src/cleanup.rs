//! Stale-data cleanup statements derived from schemas. Each statement deletes at most
//! `$LIMIT_SIZE` entities whose `lastupdated` differs from `$UPDATE_TAG`; the loader repeats
//! it until it deletes nothing, so no single transaction grows without bound.

use crate::cypher::{labels, match_map, rel_pattern};
use crate::schema::{CleanupMode, LinkSchema, NodeSchema, RelSchema};

/// The parameter holding the current run's update tag.
pub const UPDATE_TAG_PARAM: &str = "UPDATE_TAG";
/// The parameter bounding how much one cleanup statement deletes.
pub const LIMIT_PARAM: &str = "LIMIT_SIZE";

/// The cleanup statements of a node schema, in the order they must run: stale nodes first,
/// then stale relationships of the nodes that remain.
pub fn cleanup_queries(schema: &NodeSchema) -> Vec<String> {
    let node = labels(&[schema.label]);
    match (schema.cleanup, &schema.sub_resource) {
        (CleanupMode::Never, _) => Vec::new(),
        (CleanupMode::Orphans, _) => vec![format!(
            "MATCH (n{node})\nWHERE NOT (n)--() AND n.lastupdated <> ${UPDATE_TAG_PARAM}\n\
             WITH n LIMIT ${LIMIT_PARAM}\nDELETE n"
        )],
        (CleanupMode::Scoped, Some(sub)) => {
            let scope = format!(
                "MATCH {}",
                rel_pattern(
                    &format!("n{node}"),
                    "s",
                    sub.rel_type,
                    sub.direction,
                    &format!(
                        "{} {}",
                        labels(&[sub.target_label]),
                        match_map(sub.matchers)
                    ),
                )
            );
            let mut out = vec![
                format!("{scope}\n{}", delete_nodes()),
                format!("{scope}\n{}", delete_rels("s")),
            ];
            out.extend(
                schema
                    .relationships
                    .iter()
                    .map(|r| format!("{scope}\n{}", rel_cleanup(r))),
            );
            out
        }
        (CleanupMode::Unscoped, _) => {
            let scope = format!("MATCH (n{node})");
            let mut out = vec![format!("{scope}\n{}", delete_nodes())];
            out.extend(
                schema
                    .sub_resource
                    .iter()
                    .chain(schema.relationships)
                    .map(|r| format!("{scope}\n{}", rel_cleanup(r))),
            );
            out
        }
        // Scoped without a tenant to scope by degrades to relationship-only cleanup: deleting
        // nodes nobody owns would reach into other tenants' data.
        (CleanupMode::RelationshipsOnly, _) | (CleanupMode::Scoped, None) => {
            let scope = format!("MATCH (n{node})");
            schema
                .sub_resource
                .iter()
                .chain(schema.relationships)
                .map(|r| format!("{scope}\n{}", rel_cleanup(r)))
                .collect()
        }
    }
}

fn delete_nodes() -> String {
    format!(
        "WHERE n.lastupdated <> ${UPDATE_TAG_PARAM}\nWITH n LIMIT ${LIMIT_PARAM}\nDETACH DELETE n"
    )
}

fn delete_rels(var: &str) -> String {
    format!(
        "WHERE {var}.lastupdated <> ${UPDATE_TAG_PARAM}\nWITH {var} LIMIT ${LIMIT_PARAM}\nDELETE {var}"
    )
}

fn rel_cleanup(rel: &RelSchema) -> String {
    format!(
        "MATCH {}\n{}",
        rel_pattern(
            "n",
            "r",
            rel.rel_type,
            rel.direction,
            &labels(&[rel.target_label])
        ),
        delete_rels("r")
    )
}

/// The cleanup statement of a link schema: stale relationships written by this scope only.
pub fn link_cleanup_query(link: &LinkSchema) -> String {
    format!(
        "MATCH {}\nWHERE r.lastupdated <> ${UPDATE_TAG_PARAM} AND r._sub_resource_label = $_sub_resource_label \
         AND r._sub_resource_id = $_sub_resource_id\nWITH r LIMIT ${LIMIT_PARAM}\nDELETE r",
        rel_pattern(
            &format!("from{}", labels(&[link.source_label])),
            "r",
            link.rel_type,
            link.direction,
            &format!("to{}", labels(&[link.target_label])),
        )
    )
}

/// Parameters a node schema's cleanup reads besides the update tag and the limit (the
/// sub-resource matcher parameters, e.g. `AWS_ID`).
pub fn cleanup_params(schema: &NodeSchema) -> Vec<&'static str> {
    match (schema.cleanup, &schema.sub_resource) {
        (CleanupMode::Scoped, Some(sub)) => sub
            .matchers
            .iter()
            .filter_map(|m| match m.source {
                crate::schema::Source::Param(p) => Some(p),
                crate::schema::Source::Field(_) => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Direction, Matcher, Property, Source};

    const ACCOUNT_REL: RelSchema = RelSchema::new(
        "RESOURCE",
        Direction::Inward,
        "AWSAccount",
        &[Matcher::param("id", "AWS_ID")],
    );

    const USER: NodeSchema = NodeSchema {
        label: "AWSUser",
        id: Source::Field("arn"),
        extra_labels: &[],
        properties: &[Property::field("name", "name")],
        sub_resource: Some(ACCOUNT_REL),
        relationships: &[RelSchema::new(
            "MEMBER_AWS_GROUP",
            Direction::Outward,
            "AWSGroup",
            &[Matcher::list("arn", "group_arns")],
        )],
        cleanup: CleanupMode::Scoped,
    };

    fn user_schema(cleanup: CleanupMode) -> NodeSchema {
        NodeSchema { cleanup, ..USER }
    }

    #[test]
    fn scoped_cleanup_stays_inside_the_tenant() {
        let q = cleanup_queries(&user_schema(CleanupMode::Scoped));
        assert_eq!(
            q,
            vec![
                "MATCH (n:AWSUser)<-[s:RESOURCE]-(:AWSAccount {id: $AWS_ID})\n\
                 WHERE n.lastupdated <> $UPDATE_TAG\nWITH n LIMIT $LIMIT_SIZE\nDETACH DELETE n",
                "MATCH (n:AWSUser)<-[s:RESOURCE]-(:AWSAccount {id: $AWS_ID})\n\
                 WHERE s.lastupdated <> $UPDATE_TAG\nWITH s LIMIT $LIMIT_SIZE\nDELETE s",
                "MATCH (n:AWSUser)<-[s:RESOURCE]-(:AWSAccount {id: $AWS_ID})\n\
                 MATCH (n)-[r:MEMBER_AWS_GROUP]->(:AWSGroup)\n\
                 WHERE r.lastupdated <> $UPDATE_TAG\nWITH r LIMIT $LIMIT_SIZE\nDELETE r",
            ]
        );
        assert_eq!(
            cleanup_params(&user_schema(CleanupMode::Scoped)),
            vec!["AWS_ID"]
        );
    }

    #[test]
    fn relationship_only_cleanup_never_deletes_nodes() {
        let q = cleanup_queries(&user_schema(CleanupMode::RelationshipsOnly));
        assert_eq!(q.len(), 2);
        assert!(q.iter().all(|s| !s.contains("DETACH DELETE n")));
        assert_eq!(
            q[1],
            "MATCH (n:AWSUser)\nMATCH (n)-[r:MEMBER_AWS_GROUP]->(:AWSGroup)\n\
             WHERE r.lastupdated <> $UPDATE_TAG\nWITH r LIMIT $LIMIT_SIZE\nDELETE r"
        );
    }

    #[test]
    fn unscoped_and_never() {
        let q = cleanup_queries(&user_schema(CleanupMode::Unscoped));
        assert_eq!(
            q[0],
            "MATCH (n:AWSUser)\nWHERE n.lastupdated <> $UPDATE_TAG\nWITH n LIMIT $LIMIT_SIZE\nDETACH DELETE n"
        );
        assert_eq!(q.len(), 3);
        assert!(cleanup_queries(&user_schema(CleanupMode::Never)).is_empty());
    }

    #[test]
    fn orphans_are_deleted_only_when_unlinked_and_stale() {
        let mut schema = user_schema(CleanupMode::Orphans);
        schema.label = "AWSTag";
        assert_eq!(
            cleanup_queries(&schema),
            vec![
                "MATCH (n:AWSTag)\nWHERE NOT (n)--() AND n.lastupdated <> $UPDATE_TAG\n\
                 WITH n LIMIT $LIMIT_SIZE\nDELETE n"
                    .to_string()
            ]
        );
    }

    #[test]
    fn link_cleanup_is_scoped_by_stamp() {
        const LINK: LinkSchema = LinkSchema {
            source_label: "AWSPrincipal",
            source_matchers: &[Matcher::field("arn", "source_arn")],
            target_label: "AWSRole",
            target_matchers: &[Matcher::field("arn", "target_arn")],
            direction: Direction::Outward,
            rel_type: "STS_ASSUMEROLE_ALLOW",
            properties: &[],
        };
        assert_eq!(
            link_cleanup_query(&LINK),
            "MATCH (from:AWSPrincipal)-[r:STS_ASSUMEROLE_ALLOW]->(to:AWSRole)\n\
             WHERE r.lastupdated <> $UPDATE_TAG AND r._sub_resource_label = $_sub_resource_label \
             AND r._sub_resource_id = $_sub_resource_id\nWITH r LIMIT $LIMIT_SIZE\nDELETE r"
        );
    }
}
