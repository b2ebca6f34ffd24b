//! The compiled form of a statement: variables resolved to row slots, names to a per-plan
//! table, patterns split into node and relationship steps. Built once per query text by
//! [`super::compile`] and run many times by the executor.

use std::sync::Arc;

use cartograph_cypher::ast::{BinaryOp, Direction, PathKind, Quantifier, UnaryOp};

use crate::value::Value;

/// Index into [`Plan::names`]: a label, relationship type or property key as written.
pub(crate) type Name = usize;

/// A compiled expression. Variables are row slots.
#[derive(Debug)]
pub(crate) enum Ex {
    Const(Value),
    Param(Arc<str>, usize),
    Slot(usize),
    /// `base.key`; the offset is where errors point.
    Prop(Box<Ex>, Name, usize),
    Index(Box<Ex>, Box<Ex>, usize),
    Slice(Box<Ex>, Option<Box<Ex>>, Option<Box<Ex>>, usize),
    Not(Box<Ex>, usize),
    And(Box<Ex>, Box<Ex>, usize),
    Or(Box<Ex>, Box<Ex>, usize),
    Xor(Box<Ex>, Box<Ex>, usize),
    Unary(UnaryOp, Box<Ex>, usize),
    Binary(BinaryOp, Box<Ex>, Box<Ex>, usize),
    /// `a < b <= c`.
    Chain(Box<Ex>, Vec<(BinaryOp, Ex)>, usize),
    IsNull(Box<Ex>, bool),
    HasLabels(Box<Ex>, Vec<Name>, usize),
    List(Vec<Ex>),
    Map(Vec<(Arc<str>, Ex)>),
    /// A non-aggregating function, by lower-cased name.
    Call(Arc<str>, Vec<Ex>, usize),
    /// `timestamp()`: one value for the whole statement.
    Timestamp,
    /// `exists(expr)` on a value: true when not null.
    ExistsValue(Box<Ex>),
    Case {
        operand: Option<Box<Ex>>,
        whens: Vec<(Ex, Ex)>,
        else_: Option<Box<Ex>>,
    },
    ListComp {
        slot: usize,
        list: Box<Ex>,
        pred: Option<Box<Ex>>,
        proj: Option<Box<Ex>>,
        at: usize,
    },
    Quant {
        kind: Quantifier,
        slot: usize,
        list: Box<Ex>,
        pred: Option<Box<Ex>>,
        at: usize,
    },
    Reduce {
        acc: usize,
        init: Box<Ex>,
        slot: usize,
        list: Box<Ex>,
        expr: Box<Ex>,
        at: usize,
    },
    /// `EXISTS { }`, `COUNT { }`, `COLLECT { }`, pattern predicates.
    Sub(SubKind, Box<SubBody>),
    /// `[p = (a)-->(b) WHERE pred | proj]`.
    PatternComp {
        pattern: Box<PatternPlan>,
        pred: Option<Box<Ex>>,
        proj: Box<Ex>,
    },
    /// `shortestPath(...)` used as an expression.
    PathExpr(Box<PatternPlan>),
    MapProj(Box<Ex>, Vec<MapProjItem>, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SubKind {
    Exists,
    Count,
    Collect,
}

/// What an expression subquery runs.
#[derive(Debug)]
pub(crate) enum SubBody {
    Query(QueryPlan),
    Pattern(PatternPlan, Option<Ex>),
}

#[derive(Debug)]
pub(crate) enum MapProjItem {
    Prop(Name),
    All,
    Entry(Arc<str>, Ex),
}

/// Properties written in a pattern: a map literal (compiled entry by entry) or an
/// expression (a parameter) that must evaluate to a map.
#[derive(Debug)]
pub(crate) enum PropSpec {
    None,
    Entries(Vec<(Name, Ex)>),
    Expr(Ex),
}

impl PropSpec {
    pub(crate) fn is_none(&self) -> bool {
        matches!(self, PropSpec::None)
    }
}

#[derive(Debug)]
pub(crate) struct NodePat {
    pub slot: usize,
    pub labels: Vec<Name>,
    pub props: PropSpec,
    /// Bound before the clause (a null value then matches nothing).
    pub bound: bool,
    /// `WHERE slot.key = expr` / range conditions usable to find candidates.
    pub hints: Vec<Hint>,
    /// Per property entry: whether its value only uses variables bound before the clause
    /// (so it can drive an index lookup).
    pub independent: Vec<bool>,
}

/// A condition from `WHERE` on one node's property, usable for an index lookup.
#[derive(Debug)]
pub(crate) struct Hint {
    pub key: Name,
    pub op: BinaryOp,
    pub value: Ex,
}

#[derive(Debug)]
pub(crate) struct RelPat {
    pub slot: usize,
    pub types: Vec<Name>,
    pub dir: Direction,
    pub props: PropSpec,
    /// `Some((min, max))` for variable length.
    pub var_len: Option<(u64, Option<u64>)>,
    pub bound: bool,
    /// Per property entry: whether its value only uses variables bound before the clause.
    pub independent: Vec<bool>,
}

#[derive(Debug)]
pub(crate) struct PartPat {
    pub path_slot: Option<usize>,
    pub kind: PathKind,
    pub nodes: Vec<NodePat>,
    pub rels: Vec<RelPat>,
    pub at: usize,
}

#[derive(Debug)]
pub(crate) struct PatternPlan {
    pub parts: Vec<PartPat>,
}

#[derive(Debug)]
pub(crate) enum SetOp {
    Prop {
        target: Ex,
        key: Name,
        value: Ex,
        at: usize,
    },
    Replace {
        slot: usize,
        value: Ex,
        at: usize,
    },
    Merge {
        slot: usize,
        value: Ex,
        at: usize,
    },
    Labels {
        slot: usize,
        labels: Vec<Name>,
        at: usize,
    },
}

#[derive(Debug)]
pub(crate) enum RemoveOp {
    Prop {
        target: Ex,
        key: Name,
        at: usize,
    },
    Labels {
        slot: usize,
        labels: Vec<Name>,
        at: usize,
    },
}

/// One aggregate call in a projection.
#[derive(Debug)]
pub(crate) struct AggSpec {
    /// Lower-cased function name; `None` is `count(*)`.
    pub name: Option<Arc<str>>,
    pub distinct: bool,
    pub arg: Option<Ex>,
    pub extra: Vec<Ex>,
    pub at: usize,
}

/// `WITH` / `RETURN`.
#[derive(Debug)]
pub(crate) struct Projection {
    pub items: Vec<Ex>,
    /// Aggregates; item expressions refer to their results as slots `agg_base + i`.
    pub aggs: Vec<AggSpec>,
    pub agg_base: usize,
    /// Items without aggregates (the grouping keys when aggregating).
    pub keys: Vec<usize>,
    pub distinct: bool,
    /// Sort keys, evaluated on the projected row followed (when `sees_input`) by the
    /// input row at offset `items.len()`, or (when `order_aggs`) by the aggregate values.
    pub order: Vec<(Ex, bool)>,
    /// ORDER BY or `WITH ... WHERE` use variables of the input row (only possible without
    /// aggregation and DISTINCT).
    pub sees_input: bool,
    pub order_aggs: bool,
    pub skip: Option<Ex>,
    pub limit: Option<Ex>,
    /// `WITH ... WHERE`, on the same row as the sort keys.
    pub where_: Option<Ex>,
}

#[derive(Debug)]
pub(crate) struct MergePlan {
    pub pattern: PatternPlan,
    pub on_create: Vec<SetOp>,
    pub on_match: Vec<SetOp>,
    /// A `SET` clause directly after the MERGE, run with each row's merge when that cannot
    /// change what later rows match or read (see `compile::fuse_merge_set`).
    pub then_set: Vec<SetOp>,
    /// Every ON CREATE / fused SET item targets an element the MERGE creates and reads none of
    /// them: the values are then given to the creation itself.
    pub fold: bool,
}

#[derive(Debug)]
pub(crate) struct ProcPlan {
    /// Lower-cased dotted name.
    pub name: String,
    pub args: Option<Vec<Ex>>,
    /// (output column, slot) for each yielded field.
    pub yields: Vec<(String, usize)>,
    /// No YIELD in a standalone call: every output column is returned.
    pub standalone_all: bool,
    pub where_: Option<Ex>,
    pub at: usize,
}

#[derive(Debug)]
pub(crate) struct SubqueryPlan {
    pub query: QueryPlan,
    /// Where each returned column goes in the outer row.
    pub out_slots: Vec<usize>,
    /// A unit subquery ending a query without RETURN: nothing reads the outer rows any more
    /// (only their number), so each row is handed to the subquery instead of copied.
    pub outer_unused: bool,
}

#[derive(Debug)]
pub(crate) enum Op {
    Match {
        pattern: PatternPlan,
        where_: Option<Ex>,
        optional: bool,
        new_slots: Vec<usize>,
    },
    Unwind {
        expr: Ex,
        slot: usize,
    },
    Project(Box<Projection>),
    Create(PatternPlan),
    Merge(Box<MergePlan>),
    Set(Vec<SetOp>),
    Remove(Vec<RemoveOp>),
    Delete {
        detach: bool,
        exprs: Vec<Ex>,
        at: usize,
    },
    Foreach {
        slot: usize,
        list: Ex,
        body: Vec<Op>,
        at: usize,
    },
    CallProc(ProcPlan),
    CallSub(Box<SubqueryPlan>),
    /// `MATCH (n:L) RETURN count(n)`-style queries answered from the counts.
    CountShortcut {
        label: Option<Name>,
        rel_type: Option<Option<Name>>,
    },
}

/// One single query (no UNION).
#[derive(Debug)]
pub(crate) struct Branch {
    pub ops: Vec<Op>,
}

/// A compiled query: branches joined by UNION.
#[derive(Debug)]
pub(crate) struct QueryPlan {
    pub branches: Vec<Branch>,
    /// Per union: true for `UNION ALL`.
    pub union_all: Vec<bool>,
    pub columns: Vec<String>,
    /// Ends in RETURN (otherwise a unit query: rows are not returned).
    pub returns: bool,
}

/// A compiled query with its name table.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub query: QueryPlan,
    pub names: Vec<String>,
    /// Contains an updating clause (refused on a read-only database).
    pub updates: bool,
}
