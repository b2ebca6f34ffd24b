//! Upsert and index statements derived from schemas, in the shape Cartography's query builder
//! produces, so that the graph the loader writes is the graph Cartography writes.

use crate::cypher::{
    ident, labels, match_map, match_where, rel_pattern, source_expr, string_literal,
};
use crate::schema::{Condition, LinkSchema, NodeSchema, Property, RelSchema, Source};

/// The row list parameter of every upsert statement.
pub const ROWS_PARAM: &str = "DictList";
/// The update tag parameter that upserts write into `lastupdated`.
pub const LASTUPDATED_PARAM: &str = "lastupdated";

/// `UNWIND $DictList AS item MERGE (i:Label {id: ...}) ...`: one statement that upserts every
/// row of a batch with its extra labels and relationships.
pub fn ingest_query(schema: &NodeSchema) -> String {
    let mut q = String::new();
    q.push_str(&format!("UNWIND ${ROWS_PARAM} AS item\n"));
    q.push_str(&format!(
        "MERGE (i{} {{id: {}}})\n",
        labels(&[schema.label]),
        source_expr(schema.id)
    ));
    q.push_str("ON CREATE SET i.firstseen = timestamp()\n");
    let mut sets = vec![format!("i.lastupdated = ${LASTUPDATED_PARAM}")];
    sets.extend(property_sets("i", schema.properties));
    let always: Vec<&str> = schema
        .extra_labels
        .iter()
        .filter(|l| l.when.is_none())
        .map(|l| l.label)
        .collect();
    if !always.is_empty() {
        sets.push(format!("i{}", labels(&always)));
    }
    q.push_str(&format!("SET {}\n", sets.join(", ")));
    for extra in schema.extra_labels {
        let Some((property, condition)) = extra.when else {
            continue;
        };
        if always.contains(&extra.label) {
            continue;
        }
        let value = match condition {
            Condition::True => "true".to_string(),
            Condition::Equals(value) => string_literal(value),
        };
        let predicate = format!("i.{} = {value}", ident(property));
        q.push_str(&format!(
            "FOREACH (_ IN CASE WHEN {predicate} THEN [1] ELSE [] END | SET i{})\n",
            labels(&[extra.label])
        ));
        q.push_str(&format!(
            "FOREACH (_ IN CASE WHEN {predicate} THEN [] ELSE [1] END | REMOVE i{})\n",
            labels(&[extra.label])
        ));
    }
    let mut branches = Vec::new();
    if let Some(sub) = &schema.sub_resource {
        branches.push(sub_resource_branch(sub));
    }
    for (n, rel) in schema.relationships.iter().enumerate() {
        branches.push(relationship_branch(n, rel));
    }
    if !branches.is_empty() {
        q.push_str("WITH i, item\nCALL (i, item) {\n");
        q.push_str(&branches.join("  UNION\n"));
        q.push_str("}\n");
    }
    q.truncate(q.trim_end().len());
    q
}

/// The sub-resource branch: the owning tenant is matched by an exact map.
fn sub_resource_branch(rel: &RelSchema) -> String {
    let mut b = String::new();
    b.push_str(&format!(
        "  OPTIONAL MATCH (j{} {})\n",
        labels(&[rel.target_label]),
        match_map(rel.matchers)
    ));
    b.push_str("  WITH i, item, j WHERE j IS NOT NULL\n");
    b.push_str(&format!(
        "  MERGE {}\n",
        rel_pattern("i", "r", rel.rel_type, rel.direction, "j")
    ));
    b.push_str(&rel_sets("r", rel.properties));
    b
}

/// A branch for one other relationship; `In` and `Contains` matchers may link to several
/// nodes.
fn relationship_branch(n: usize, rel: &RelSchema) -> String {
    let node = format!("n{n}");
    let var = format!("r{n}");
    let mut b = String::new();
    b.push_str(&format!(
        "  OPTIONAL MATCH ({node}{})\n",
        labels(&[rel.target_label])
    ));
    b.push_str(&format!("  WHERE {}\n", match_where(&node, rel.matchers)));
    b.push_str(&format!(
        "  WITH i, item, {node} WHERE {node} IS NOT NULL\n"
    ));
    b.push_str(&format!(
        "  MERGE {}\n",
        rel_pattern("i", &var, rel.rel_type, rel.direction, &node)
    ));
    b.push_str(&rel_sets(&var, rel.properties));
    b
}

fn rel_sets(var: &str, properties: &[Property]) -> String {
    let mut sets = vec![format!("{var}.lastupdated = ${LASTUPDATED_PARAM}")];
    sets.extend(property_sets(var, properties));
    format!(
        "  ON CREATE SET {var}.firstseen = timestamp()\n  SET {}\n",
        sets.join(", ")
    )
}

fn property_sets(var: &str, properties: &[Property]) -> Vec<String> {
    properties
        .iter()
        .filter(|p| p.name != "id" && p.name != "lastupdated" && p.name != "firstseen")
        .map(|p| format!("{var}.{} = {}", ident(p.name), source_expr(p.source)))
        .collect()
}

/// `UNWIND $DictList AS item MATCH (from) MATCH (to) MERGE (from)-[r]->(to) ...`: links two
/// existing node sets, stamping the scope on each relationship for cleanup.
pub fn link_query(link: &LinkSchema) -> String {
    let mut q = String::new();
    q.push_str(&format!("UNWIND ${ROWS_PARAM} AS item\n"));
    q.push_str(&format!("MATCH (from{})\n", labels(&[link.source_label])));
    q.push_str(&format!(
        "WHERE {}\n",
        match_where("from", link.source_matchers)
    ));
    q.push_str(&format!("MATCH (to{})\n", labels(&[link.target_label])));
    q.push_str(&format!(
        "WHERE {}\n",
        match_where("to", link.target_matchers)
    ));
    q.push_str(&format!(
        "MERGE {}\n",
        rel_pattern("from", "r", link.rel_type, link.direction, "to")
    ));
    q.push_str("ON CREATE SET r.firstseen = timestamp()\n");
    let mut sets = vec![
        format!("r.lastupdated = ${LASTUPDATED_PARAM}"),
        "r._sub_resource_label = $_sub_resource_label".to_string(),
        "r._sub_resource_id = $_sub_resource_id".to_string(),
    ];
    sets.extend(property_sets("r", link.properties));
    q.push_str(&format!("SET {}", sets.join(", ")));
    q
}

/// `CREATE INDEX IF NOT EXISTS ...` for everything the upsert and cleanup look nodes up by:
/// `id` and `lastupdated` of the label and its extra labels, the target keys of every
/// relationship, and properties declared with `extra_index`.
pub fn index_queries(schema: &NodeSchema) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |label: &str, property: &str| {
        let q = index_query(label, property);
        if !out.contains(&q) {
            out.push(q);
        }
    };
    add(schema.label, "id");
    add(schema.label, "lastupdated");
    for extra in schema.extra_labels {
        add(extra.label, "id");
        add(extra.label, "lastupdated");
    }
    for rel in schema.sub_resource.iter().chain(schema.relationships) {
        for m in rel.matchers {
            add(rel.target_label, m.key);
        }
    }
    for p in schema.properties.iter().filter(|p| p.extra_index) {
        add(schema.label, p.name);
    }
    out
}

/// Indexes for the two endpoints of a link schema.
pub fn link_index_queries(link: &LinkSchema) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let pairs = link
        .source_matchers
        .iter()
        .map(|m| (link.source_label, m.key))
        .chain(
            link.target_matchers
                .iter()
                .map(|m| (link.target_label, m.key)),
        );
    for (label, key) in pairs {
        let q = index_query(label, key);
        if !out.contains(&q) {
            out.push(q);
        }
    }
    out
}

fn index_query(label: &str, property: &str) -> String {
    format!(
        "CREATE INDEX IF NOT EXISTS FOR (n{}) ON (n.{})",
        labels(&[label]),
        ident(property)
    )
}

/// Every parameter (other than the row list) a node schema's statements read.
pub fn params_used(schema: &NodeSchema) -> Vec<&'static str> {
    let mut out = vec![LASTUPDATED_PARAM];
    let mut add = |s: Source| {
        if let Source::Param(p) = s
            && !out.contains(&p)
        {
            out.push(p);
        }
    };
    add(schema.id);
    schema.properties.iter().for_each(|p| add(p.source));
    for rel in schema.sub_resource.iter().chain(schema.relationships) {
        rel.matchers.iter().for_each(|m| add(m.source));
        rel.properties.iter().for_each(|p| add(p.source));
    }
    out
}

/// Every parameter (other than the row list) a link schema's statement reads.
pub fn link_params_used(link: &LinkSchema) -> Vec<&'static str> {
    let mut out = vec![LASTUPDATED_PARAM, "_sub_resource_label", "_sub_resource_id"];
    let sources = link
        .source_matchers
        .iter()
        .chain(link.target_matchers)
        .map(|m| m.source)
        .chain(link.properties.iter().map(|p| p.source));
    for s in sources {
        if let Source::Param(p) = s
            && !out.contains(&p)
        {
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{CleanupMode, Direction, ExtraLabel, Matcher};

    const ACCOUNT_REL: RelSchema = RelSchema::new(
        "RESOURCE",
        Direction::Inward,
        "AWSAccount",
        &[Matcher::param("id", "AWS_ID")],
    );

    const GROUP: NodeSchema = NodeSchema {
        label: "AWSGroup",
        id: Source::Field("arn"),
        extra_labels: &[
            ExtraLabel::always("AWSPrincipal"),
            ExtraLabel::when("Admin", "is_admin"),
            ExtraLabel::when_equals("Legacy", "kind", "it's old"),
        ],
        properties: &[
            Property::indexed("arn", "arn"),
            Property::field("name", "name"),
            Property::param("region", "Region"),
        ],
        sub_resource: Some(ACCOUNT_REL),
        relationships: &[RelSchema::new(
            "MEMBER_AWS_GROUP",
            Direction::Inward,
            "AWSUser",
            &[Matcher::list("arn", "user_arns")],
        )],
        cleanup: CleanupMode::Scoped,
    };

    #[test]
    fn ingest_query_has_cartographys_shape() {
        let expected = "\
UNWIND $DictList AS item
MERGE (i:AWSGroup {id: item.arn})
ON CREATE SET i.firstseen = timestamp()
SET i.lastupdated = $lastupdated, i.arn = item.arn, i.name = item.name, i.region = $Region, i:AWSPrincipal
FOREACH (_ IN CASE WHEN i.is_admin = true THEN [1] ELSE [] END | SET i:Admin)
FOREACH (_ IN CASE WHEN i.is_admin = true THEN [] ELSE [1] END | REMOVE i:Admin)
FOREACH (_ IN CASE WHEN i.kind = 'it\\'s old' THEN [1] ELSE [] END | SET i:Legacy)
FOREACH (_ IN CASE WHEN i.kind = 'it\\'s old' THEN [] ELSE [1] END | REMOVE i:Legacy)
WITH i, item
CALL (i, item) {
  OPTIONAL MATCH (j:AWSAccount {id: $AWS_ID})
  WITH i, item, j WHERE j IS NOT NULL
  MERGE (i)<-[r:RESOURCE]-(j)
  ON CREATE SET r.firstseen = timestamp()
  SET r.lastupdated = $lastupdated
  UNION
  OPTIONAL MATCH (n0:AWSUser)
  WHERE n0.arn IN item.user_arns
  WITH i, item, n0 WHERE n0 IS NOT NULL
  MERGE (i)<-[r0:MEMBER_AWS_GROUP]-(n0)
  ON CREATE SET r0.firstseen = timestamp()
  SET r0.lastupdated = $lastupdated
}";
        assert_eq!(ingest_query(&GROUP), expected);
    }

    #[test]
    fn schema_without_relationships_has_no_subquery() {
        const BARE: NodeSchema = NodeSchema {
            label: "AWSServicePrincipal",
            id: Source::Field("arn"),
            extra_labels: &[],
            properties: &[Property::field("type", "type")],
            sub_resource: None,
            relationships: &[],
            cleanup: CleanupMode::Never,
        };
        assert_eq!(
            ingest_query(&BARE),
            "UNWIND $DictList AS item\nMERGE (i:AWSServicePrincipal {id: item.arn})\n\
             ON CREATE SET i.firstseen = timestamp()\nSET i.lastupdated = $lastupdated, i.type = item.type"
        );
    }

    #[test]
    fn index_queries_cover_ids_targets_and_extra_indexes() {
        assert_eq!(
            index_queries(&GROUP),
            vec![
                "CREATE INDEX IF NOT EXISTS FOR (n:AWSGroup) ON (n.id)",
                "CREATE INDEX IF NOT EXISTS FOR (n:AWSGroup) ON (n.lastupdated)",
                "CREATE INDEX IF NOT EXISTS FOR (n:AWSPrincipal) ON (n.id)",
                "CREATE INDEX IF NOT EXISTS FOR (n:AWSPrincipal) ON (n.lastupdated)",
                "CREATE INDEX IF NOT EXISTS FOR (n:Admin) ON (n.id)",
                "CREATE INDEX IF NOT EXISTS FOR (n:Admin) ON (n.lastupdated)",
                "CREATE INDEX IF NOT EXISTS FOR (n:Legacy) ON (n.id)",
                "CREATE INDEX IF NOT EXISTS FOR (n:Legacy) ON (n.lastupdated)",
                "CREATE INDEX IF NOT EXISTS FOR (n:AWSAccount) ON (n.id)",
                "CREATE INDEX IF NOT EXISTS FOR (n:AWSUser) ON (n.arn)",
                "CREATE INDEX IF NOT EXISTS FOR (n:AWSGroup) ON (n.arn)",
            ]
        );
    }

    const ASSUME: LinkSchema = LinkSchema {
        source_label: "AWSPrincipal",
        source_matchers: &[Matcher::field("arn", "source_arn")],
        target_label: "AWSRole",
        target_matchers: &[Matcher::field("arn", "target_arn")],
        direction: Direction::Outward,
        rel_type: "STS_ASSUMEROLE_ALLOW",
        properties: &[],
    };

    #[test]
    fn link_query_matches_both_ends_and_stamps_scope() {
        assert_eq!(
            link_query(&ASSUME),
            "UNWIND $DictList AS item\nMATCH (from:AWSPrincipal)\nWHERE from.arn = item.source_arn\n\
             MATCH (to:AWSRole)\nWHERE to.arn = item.target_arn\n\
             MERGE (from)-[r:STS_ASSUMEROLE_ALLOW]->(to)\nON CREATE SET r.firstseen = timestamp()\n\
             SET r.lastupdated = $lastupdated, r._sub_resource_label = $_sub_resource_label, \
             r._sub_resource_id = $_sub_resource_id"
        );
        assert_eq!(
            link_index_queries(&ASSUME),
            vec![
                "CREATE INDEX IF NOT EXISTS FOR (n:AWSPrincipal) ON (n.arn)",
                "CREATE INDEX IF NOT EXISTS FOR (n:AWSRole) ON (n.arn)",
            ]
        );
    }

    #[test]
    fn params_used_lists_sync_wide_parameters() {
        assert_eq!(params_used(&GROUP), vec!["lastupdated", "Region", "AWS_ID"]);
        assert_eq!(
            link_params_used(&ASSUME),
            vec!["lastupdated", "_sub_resource_label", "_sub_resource_id"]
        );
    }
}
