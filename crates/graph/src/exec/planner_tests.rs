//! Tests of planning decisions that results alone cannot show: which anchor a pattern
//! starts from, and which queries are answered from counts.

use cartograph_cypher::ast;

use super::ir::{Op, PatternPlan};
use super::{Ctx, Procedures, compile, pattern};
use crate::store::{Graph, IndexDef};
use crate::value::{NodeId, Params, Value};

fn plan(q: &str) -> super::ir::Compiled {
    let ast::Statement::Query(query) =
        cartograph_cypher::parse(q).unwrap_or_else(|e| panic!("{e}"))
    else {
        panic!("not a query: {q}");
    };
    compile::compile(&query, q).unwrap_or_else(|e| panic!("{e}"))
}

fn first_pattern(c: &super::ir::Compiled) -> &PatternPlan {
    match c.query.branches[0].ops.first() {
        Some(Op::Match { pattern, .. }) => pattern,
        other => panic!("expected MATCH, got {other:?}"),
    }
}

/// A graph with `n` :L nodes (`id` 0..n), one :Owner linked to all of them, and an index on
/// L(id).
fn graph(n: i64) -> (Graph, NodeId) {
    let mut g = Graph::new();
    let l = g.intern("L");
    let id = g.intern("id");
    let owner_label = g.intern("Owner");
    let rel = g.intern("RESOURCE");
    let owner = g
        .create_node(&[owner_label], vec![(id, Value::from("o"))])
        .unwrap_or_else(|e| panic!("{e}"));
    for i in 0..n {
        let node = g
            .create_node(&[l], vec![(id, Value::Int(i))])
            .unwrap_or_else(|e| panic!("{e}"));
        g.create_rel(owner, node, rel, Vec::new())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let def = |label: &str| IndexDef {
        name: format!("idx_{label}"),
        entity: crate::store::EntityKind::Node,
        token: label.into(),
        properties: vec!["id".into()],
        owning_constraint: None,
    };
    g.create_index(def("L")).unwrap_or_else(|e| panic!("{e}"));
    g.create_index(def("Owner"))
        .unwrap_or_else(|e| panic!("{e}"));
    (g, owner)
}

/// The anchor position and candidate count the matcher picks for the first part.
fn anchor_of(g: &mut Graph, c: &super::ir::Compiled, row: Vec<Value>) -> (usize, usize) {
    let params = Params::new();
    let procs = Procedures::default();
    let mut ctx = Ctx::new(g, &params, "", &c.names, &procs);
    let p = first_pattern(c);
    let (pos, ids) = pattern::anchor(&mut ctx, &p.parts[0], &row)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no anchor"));
    (pos, ids.len())
}

#[test]
fn equality_on_an_indexed_key_is_an_index_lookup() {
    let (mut g, _) = graph(500);
    let c = plan("MATCH (n:L {id: 42}) RETURN n");
    assert_eq!(anchor_of(&mut g, &c, Vec::new()), (0, 1));
    let c = plan("MATCH (n:L) WHERE n.id = 42 RETURN n");
    assert_eq!(anchor_of(&mut g, &c, Vec::new()), (0, 1));
    let c = plan("MATCH (n:L) WHERE n.id < 10 RETURN n");
    assert_eq!(anchor_of(&mut g, &c, Vec::new()), (0, 10));
    let c = plan("MATCH (n:L) WHERE n.id IN [1, 2, 2, 999] RETURN n");
    assert_eq!(anchor_of(&mut g, &c, Vec::new()), (0, 2));
}

#[test]
fn anchors_follow_the_estimated_work() {
    let (mut g, _) = graph(500);
    // The owner is one index hit with 500 relationships: cheaper than scanning 500 :L nodes
    // and expanding each...
    let c = plan("MATCH (n:L)<-[:RESOURCE]-(:Owner {id: 'o'}) RETURN n");
    let (pos, _) = anchor_of(&mut g, &c, Vec::new());
    assert_eq!(pos, 1);
    // ...but a bound node with no relationships beats a bound hub.
    let c = plan("MATCH (i), (j) WITH i, j MATCH (i)<-[:RESOURCE]-(j) RETURN i");
    let Some(Op::Match { pattern: p, .. }) = c.query.branches[0].ops.get(2) else {
        panic!("plan shape")
    };
    let params = Params::new();
    let procs = Procedures::default();
    let mut ctx = Ctx::new(&mut g, &params, "", &c.names, &procs);
    let row = vec![Value::Node(NodeId(3)), Value::Node(NodeId(0))];
    let anchor = pattern::anchor(&mut ctx, &p.parts[0], &row).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(anchor.map(|(pos, _)| pos), Some(0));
}

#[test]
fn plain_counts_are_answered_from_the_counts() {
    for q in [
        "MATCH (n:L) RETURN count(n)",
        "MATCH (n) RETURN count(*)",
        "MATCH ()-[r:T]->() RETURN count(r)",
    ] {
        let c = plan(q);
        assert!(
            matches!(
                c.query.branches[0].ops.as_slice(),
                [Op::CountShortcut { .. }]
            ),
            "{q}"
        );
    }
    let c = plan("MATCH (n:L) WHERE n.id > 1 RETURN count(n)");
    assert!(!matches!(
        c.query.branches[0].ops.as_slice(),
        [Op::CountShortcut { .. }]
    ));
}

#[test]
fn the_loader_merge_creates_nodes_with_their_properties() {
    let c = plan(
        "UNWIND $DictList AS item MERGE (i:L {id: item.id}) ON CREATE SET i.firstseen = timestamp() \
         SET i.lastupdated = $tag, i.name = item.name",
    );
    let Some(Op::Merge(m)) = c.query.branches[0].ops.get(1) else {
        panic!("plan shape")
    };
    assert_eq!(m.then_set.len(), 2);
    assert!(m.fold);
    // A SET that writes a key the MERGE matches on must run after all rows have merged.
    let c = plan("UNWIND [1, 1] AS x MERGE (n:N {id: x}) SET n.id = n.id + 1");
    assert!(matches!(c.query.branches[0].ops.get(2), Some(Op::Set(_))));
}
